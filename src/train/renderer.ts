/** True for WebGL renderers that run on the CPU (SwiftShader, Mesa's llvmpipe, Microsoft's WARP). */
export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return !!renderer && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}
