export declare function encodeSprite(pixels: Uint8Array, count: number): Buffer;
export declare function fashionMnistDirs(env?: Record<string, string | undefined>): string[];
export declare const FASHION_MNIST_HOWTO: string;
