import {fileFacts} from "./loaders/lines.ts";
const t = performance.now(); const c0 = process.cpuUsage();
const f = await fileFacts(process.argv[2]!);
const c = process.cpuUsage(c0);
console.log(JSON.stringify(f), "wall", Math.round(performance.now() - t), "cpu", Math.round((c.user + c.system) / 1000));
