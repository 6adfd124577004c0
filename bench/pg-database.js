// A scratch PostgreSQL database for a benchmark: `create` prints its URL, `drop` removes it.
// The server and role come from MLNB_BENCH_POSTGRES (default: the local server's postgres role,
// as on this machine kind and in CI). Exit 3 when no server answers, so the bench can say so.
// `analyze` updates the planner's statistics after a bulk load, as autovacuum would shortly.
// Usage: node bench/pg-database.js create NAME | analyze NAME | drop NAME
const path = require('node:path');
const { URL } = require('node:url');
const { Client } = require(path.join(__dirname, '..', 'node_modules', 'pg'));

const admin = process.env.MLNB_BENCH_POSTGRES || 'postgres://postgres@127.0.0.1:5432/postgres';
const [action, name] = process.argv.slice(2);
if (!/^[a-z_][a-z0-9_]*$/.test(name ?? '')) {
  throw new Error('usage: node bench/pg-database.js create|drop NAME (lower-case letters, digits, _)');
}

(async () => {
  const url = new URL(admin);
  if (action === 'analyze') {
    url.pathname = `/${name}`;
  }
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (err) {
    console.error(`PostgreSQL at ${admin.replace(/:[^:@/]*@/, ':***@')}: ${err.message}`);
    process.exit(3);
  }
  try {
    if (action === 'analyze') {
      await client.query('ANALYZE');
      return;
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (action === 'create') {
      await client.query(`CREATE DATABASE ${name}`);
      url.pathname = `/${name}`;
      console.log(JSON.stringify({ url: url.toString() }));
    }
  } finally {
    await client.end();
  }
})();
