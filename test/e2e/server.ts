// The browser tests serve dist/ with the project's one static server (scripts/serve.ts, also `npm run serve`):
// 127.0.0.1 only, clean URLs, the build's 404 page, no-store and CORS headers.
export {serveStatic, type StaticServer} from "../../scripts/serve.ts";
