// Every npm script runs on the Node 24 that the root `node` devDependency installs.
// `npm install --ignore-scripts` silently leaves the system Node 20 first on PATH: fail loudly instead.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Jamaa needs Node 24, but this script runs on Node ${process.versions.node}.\n` +
      'Run `npm ci` (not --ignore-scripts), or `npm rebuild node`, so that node_modules/.bin/node is Node 24.',
  );
  process.exit(1);
}
