// One run of a Node peer for PeerBenchmark, in a process of its own (a cold start, as at deploy time):
//   node peer.js raw|clickhouse-migrations URL DATABASE MIGRATIONS_DIR
// raw sends each file's statement with @clickhouse/client, one request per migration and nothing else;
// clickhouse-migrations runs that package's own entry point, as its CLI does. Prints one line
// "peer-result ms=... cpu_ms=... cpu_total_ms=..." (the timed call's wall and CPU time, and the process's CPU).
// Modules come from NODE_PATH (the benchmark installs them under pillar-benchmark/target).
'use strict';
const fs = require('fs');
const path = require('path');

const [tool, url, database, home] = process.argv.slice(2);
const files = fs.readdirSync(home).filter((file) => file.endsWith('.sql'))
	.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));

async function raw() {
	const { createClient } = require('@clickhouse/client');
	const client = createClient({ url, username: 'default', password: '', database });
	const statements = files.map((file) => fs.readFileSync(path.join(home, file), 'utf8').trim().replace(/;$/, ''));
	return async () => {
		for (const query of statements) {
			await client.command({ query });
		}
		await client.close();
	};
}

async function clickhouseMigrations() {
	const { migration } = require('clickhouse-migrations/lib/migrate.js');
	return () => migration(home, url, 'default', '', database);
}

(async () => {
	const run = await ((tool === 'raw') ? raw() : clickhouseMigrations());
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	await run();
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	const used = process.cpuUsage(cpu);
	const total = process.cpuUsage();
	console.log(`peer-result ms=${ms.toFixed(1)} cpu_ms=${((used.user + used.system) / 1000).toFixed(1)} `
		+ `cpu_total_ms=${((total.user + total.system) / 1000).toFixed(1)}`);
})().catch((error) => {
	console.error(`peer-error ${String((error && error.message) || error).split('\n')[0]}`);
	process.exit(1);
});
