export declare const IDX_IMAGES_MAGIC: number;
export declare const IDX_LABELS_MAGIC: number;
export declare function parseIdxImages(
  bytes: Uint8Array,
  name?: string,
): { count: number; rows: number; cols: number; pixels: Uint8Array };
export declare function parseIdxLabels(
  bytes: Uint8Array,
  name?: string,
): { count: number; labels: Uint8Array };
