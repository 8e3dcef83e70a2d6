/**
 * The export of `@miniplane/ui` the apiserver serves (written by build.mjs as dist/assets.js):
 * the page's files by their path under `/ui/` (`index.html` is the page itself), each with its
 * media type. They hold no cluster data: the page reads and writes only through the API.
 */
export interface UiAsset {
  /** The Content-Type to serve it with. */
  type: string;
  body: string;
}

export declare const assets: Readonly<Record<string, UiAsset>>;
