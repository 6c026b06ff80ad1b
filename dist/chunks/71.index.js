export const id = 71;
export const ids = [71];
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
