// How large a model file may be. Plain numbers, free of tfjs, so the page can refuse a huge file
// before reading it and the worker's parser applies the same caps.

export const MB = 1024 * 1024;
// The largest model the controls allow (convolutional, hidden 1024, latent 1024: its code layer
// alone maps 7×7×512 values to 1024) has about 26 M weights, 104 MB; a dense one at hidden 1024,
// depth 3, latent 1024 has about 4.4 M. A model.json is a few kB plus a loss history of a few
// hundred points. The caps leave room for those and refuse anything that could stall the page.
/** The largest model.json read. */
export const MAX_MODEL_JSON_BYTES = 4 * MB;
/** The most weight bytes read, all weights files together. */
export const MAX_WEIGHTS_BYTES = 160 * MB;
/** The most bytes the page reads of the files a person chooses, all together. */
export const MAX_CHOSEN_BYTES = MAX_MODEL_JSON_BYTES + MAX_WEIGHTS_BYTES;
