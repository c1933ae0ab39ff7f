// The part of Framework's standard library the figure chrome uses (Framework resolves "observablehq:stdlib" at build time).
declare module "observablehq:stdlib" {
  export interface AttachedFile {
    json(): Promise<unknown>;
    lastModified?: number;
  }
  export function FileAttachment(path: string): AttachedFile;
}
