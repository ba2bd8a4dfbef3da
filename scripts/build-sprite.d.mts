export declare function encodeSprite(pixels: Uint8Array, count: number): Buffer;
