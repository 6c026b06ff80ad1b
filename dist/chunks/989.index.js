export const id = 989;
export const ids = [989,71];
export const modules = {

/***/ 4957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ advisoryKey),
/* harmony export */   v: () => (/* binding */ mysqlLockName)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/** A stable signed 64-bit advisory-lock key for a name (PostgreSQL). */
function advisoryKey(name) {
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(name).digest();
    return digest.readBigInt64BE(0).toString();
}
/** A MySQL lock name: at most 64 characters, readable when it fits. */
function mysqlLockName(name) {
    if (name.length <= 64)
        return name;
    return `rehearse:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(name).digest('hex').slice(0, 40)}`;
}


/***/ }),

/***/ 989:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPglite: () => (/* binding */ openPglite)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 4 modules
var src = __webpack_require__(8269);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./packages/migrations/src/db/directory-lock.ts



/**
 * An exclusive lock file next to a PGlite data directory: PGlite is one
 * process's database, so a second process must wait for the first. A lock
 * left by a dead process (its pid is gone) is taken over.
 */
async function lockDirectory(path, waitMs) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    const deadline = Date.now() + waitMs;
    for (;;) {
        try {
            (0,external_node_fs_.writeFileSync)(path, String(process.pid), { flag: 'wx' });
            return () => (0,external_node_fs_.rmSync)(path, { force: true });
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        if (!isAlive(Number((0,external_node_fs_.readFileSync)(path, 'utf8').trim()))) {
            (0,external_node_fs_.rmSync)(path, { force: true });
            continue;
        }
        if (Date.now() >= deadline)
            return undefined;
        await (0,promises_.setTimeout)(200);
    }
}
function isAlive(pid) {
    if (!Number.isInteger(pid) || pid <= 0)
        return false;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./packages/migrations/src/db/pglite-assets.ts






const inflate = (0,external_node_util_.promisify)(external_node_zlib_.brotliDecompress);
// The project's type libraries leave WebAssembly out; Node has it.
const { compile } = globalThis.WebAssembly;
/**
 * dist/ ships PGlite's WebAssembly and file-system bundle (15.7 MB) once,
 * in dist/pglite/, brotli-compressed (about 4.5 MB), for every bundle that
 * may open the embedded database (run-migrations, deploy-to-staging,
 * promote-to-prod, the CLI), instead of a copy beside each
 * (scripts/build-dist.js puts them there). Inflating them costs about
 * 0.2 s, only on the embedded path. Outside dist/ (tests, tsx) there is no
 * such folder and PGlite finds its own files in node_modules.
 */
async function sharedPgliteAssets() {
    const dir = (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', 'pglite');
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'pglite.wasm.br')))
        return {};
    const [pglite, initdb, data] = await Promise.all(['pglite.wasm', 'initdb.wasm', 'pglite.data'].map(async (file) => inflate(await (0,external_node_fs_promises_.readFile)((0,external_node_path_.join)(dir, `${file}.br`)))));
    return {
        pgliteWasmModule: await compile(pglite),
        initdbWasmModule: await compile(initdb),
        fsBundle: new Blob([data])
    };
}

// EXTERNAL MODULE: ./packages/migrations/src/db/postgres.ts
var postgres = __webpack_require__(1071);
;// CONCATENATED MODULE: ./packages/migrations/src/db/webpack-interop.ts
let patched = false;
/**
 * PGlite's Emscripten code runs `await import('node:module')` and reads
 * `createRequire` from it. In an ncc bundle that import goes through
 * webpack's namespace helper, which copies the properties of objects but
 * not of functions — and `node:module` exports a function — so
 * `createRequire` comes back undefined and PGlite cannot start. This makes
 * the helper copy a function's own properties too. Outside a bundle (tests,
 * tsx) there is nothing to patch.
 */
function patchBundleInterop() {
    if (patched || typeof __webpack_require__ !== 'function')
        return;
    patched = true;
    const loader = __webpack_require__;
    const original = loader.t;
    loader.t = function namespace(value, mode) {
        const resolved = mode & 1 ? loader(value) : value;
        if (typeof resolved !== 'function' || !(mode & 2)) {
            return original.call(loader, value, mode);
        }
        const exports = Object.create(null);
        for (const key of Object.getOwnPropertyNames(resolved)) {
            exports[key] = resolved[key];
        }
        exports.default = resolved;
        return exports;
    };
}

;// CONCATENATED MODULE: ./packages/migrations/src/db/pglite.ts






/**
 * The embedded PostgreSQL (PGlite) kept in `dataDir`: the default when no
 * database URL is given. One process at a time may open a data directory,
 * so the migration lock is a lock file beside it, taken here (waiting up to
 * `waitMs`); the advisory lock would only ever see this one connection.
 */
async function openPglite(dataDir, label, options) {
    const release = await lockDirectory(`${dataDir}.lock`, options.waitMs);
    if (!release) {
        throw new src/* ConfigurationError */.j1(`another run is using the embedded database ${label} (lock file ${dataDir}.lock) and did not finish within ${Math.round(options.waitMs / 1000)} s. Wait for it, or delete the lock file if no run is active.`, { reason: 'migration_lock_timeout' });
    }
    try {
        patchBundleInterop();
        const { PGlite } = await __webpack_require__.e(/* import() */ 618).then(__webpack_require__.bind(__webpack_require__, 1618));
        (0,external_node_fs_.mkdirSync)(dataDir, { recursive: true });
        const db = await PGlite.create({ dataDir, ...(await sharedPgliteAssets()) });
        await db.exec((0,postgres/* sessionSql */.z)(options));
        const [row] = (await db.query(`select current_setting('server_version') as version`)).rows;
        return {
            kind: 'pglite',
            dialect: 'postgres',
            transactionalDdl: true,
            label: `embedded PostgreSQL ${row?.version.split(' ')[0] ?? ''} (PGlite) in ${label}`,
            exec: async (sql) => {
                await db.exec(sql);
            },
            query: async (sql, params = []) => (await db.query((0,postgres/* numbered */.j)(sql), [...params])).rows,
            // The lock file above already makes this process the only migrator.
            lock: async () => true,
            unlock: async () => undefined,
            // PGlite runs on this thread: a statement cannot be interrupted.
            cancel: async () => undefined,
            close: async () => {
                try {
                    await db.close();
                }
                finally {
                    release();
                }
            }
        };
    }
    catch (error) {
        release();
        throw error;
    }
}


/***/ }),

/***/ 1071:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ numbered),
/* harmony export */   openPostgres: () => (/* binding */ openPostgres),
/* harmony export */   z: () => (/* binding */ sessionSql)
/* harmony export */ });
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3849);
/* harmony import */ var _rehearse_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8269);
/* harmony import */ var _describe_url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5601);
/* harmony import */ var _lock_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4957);




/** Numbered placeholders from `?` ones (our own SQL has no `?` in text). */
function numbered(sql) {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
}
/** Session settings as SQL (PostgreSQL and PGlite). */
function sessionSql(settings) {
    return [
        `set lock_timeout = ${Math.max(1, Math.round(settings.lockTimeoutMs))}`,
        `set statement_timeout = ${Math.round(settings.statementTimeoutMs)}`
    ].join('; ');
}
/** A PostgreSQL server through node-postgres. */
async function openPostgres(url, options) {
    const where = (0,_describe_url_js__WEBPACK_IMPORTED_MODULE_3__/* .describeUrl */ .N)(url);
    const client = new pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Client */ .Ay.Client({
        connectionString: url,
        application_name: 'rehearse run-migrations'
    });
    // A dropped connection is reported by the next query, not as a crash.
    client.on('error', () => undefined);
    try {
        await client.connect();
    }
    catch (error) {
        throw new _rehearse_core__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`cannot connect to PostgreSQL at ${where}: ${error.message}. Check the database URL and that the database accepts connections from this runner.`, { reason: 'database_unreachable' });
    }
    const info = await client.query(`select pg_backend_pid() as pid, current_setting('server_version') as version`);
    const { pid, version } = info.rows[0] ?? { pid: 0, version: '?' };
    await client.query(sessionSql(options));
    // PostgreSQL 14+: a killed migrator's statement is stopped within a
    // second instead of running on (and holding its locks) until it ends.
    await client
        .query(`set client_connection_check_interval = '1s'`)
        .catch(() => undefined);
    const key = (0,_lock_key_js__WEBPACK_IMPORTED_MODULE_2__/* .advisoryKey */ .T)(options.lockName);
    return {
        kind: 'postgresql',
        dialect: 'postgres',
        transactionalDdl: true,
        label: `PostgreSQL ${version.split(' ')[0]} at ${where}`,
        exec: async (sql) => {
            await client.query(sql);
        },
        query: async (sql, params = []) => (await client.query(numbered(sql), [...params])).rows,
        lock: async (waitMs) => lockAdvisory(client, key, waitMs, options),
        unlock: async () => {
            await client.query('select pg_advisory_unlock($1::bigint)', [key]);
        },
        cancel: async () => {
            const other = new pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Client */ .Ay.Client({ connectionString: url });
            other.on('error', () => undefined);
            await other.connect();
            await other.query('select pg_cancel_backend($1)', [pid]);
            await other.end();
        },
        close: async () => {
            await client.end().catch(() => undefined);
        }
    };
}
async function lockAdvisory(client, key, waitMs, settings) {
    if (waitMs <= 0) {
        const { rows } = await client.query('select pg_try_advisory_lock($1::bigint) as got', [key]);
        return rows[0]?.got === true;
    }
    // lock_timeout bounds the wait (and statement_timeout must not cut it
    // short); both are set back for the migrations after.
    await client.query(`set lock_timeout = ${Math.round(waitMs)}; set statement_timeout = 0`);
    try {
        await client.query('select pg_advisory_lock($1::bigint)', [key]);
        return true;
    }
    catch (error) {
        if (error.code === '55P03')
            return false;
        throw error;
    }
    finally {
        await client.query(sessionSql(settings));
    }
}


/***/ })

};
