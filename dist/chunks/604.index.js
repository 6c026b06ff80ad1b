export const id = 604;
export const ids = [604];
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

/***/ 4604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openMysql: () => (/* binding */ openMysql)
/* harmony export */ });
/* harmony import */ var mysql2_promise__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7588);
/* harmony import */ var _rehearse_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8269);
/* harmony import */ var _describe_url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5601);
/* harmony import */ var _lock_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4957);




/** A MySQL or MariaDB server through mysql2. */
async function openMysql(url, options) {
    const where = (0,_describe_url_js__WEBPACK_IMPORTED_MODULE_3__/* .describeUrl */ .N)(url);
    const uri = url.replace(/^mariadb:/, 'mysql:');
    let connection;
    try {
        connection = await mysql2_promise__WEBPACK_IMPORTED_MODULE_0__.createConnection({
            uri,
            multipleStatements: false,
            dateStrings: true,
            supportBigNumbers: true
        });
    }
    catch (error) {
        throw new _rehearse_core__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`cannot connect to MySQL/MariaDB at ${where}: ${error.message}. Check the database URL and that the database accepts connections from this runner.`, { reason: 'database_unreachable' });
    }
    connection.on('error', () => undefined);
    const run = async (sql, params = []) => {
        const [rows] = await connection.query(sql, [...params]);
        return (Array.isArray(rows) ? rows : []);
    };
    const [info] = await run('select version() as version, database() as db');
    const version = info?.version ?? '?';
    const mariadb = /mariadb/i.test(version);
    if (!info?.db) {
        await connection.end();
        throw new _rehearse_core__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`the MySQL/MariaDB URL names no database (${where}). Add it to the path: mysql://user@host:3306/<database>.`, { reason: 'database_url_invalid' });
    }
    const lockSeconds = Math.max(1, Math.ceil(options.lockTimeoutMs / 1000));
    await connection.query(`set session lock_wait_timeout = ${lockSeconds}`);
    await connection.query(`set session innodb_lock_wait_timeout = ${lockSeconds}`);
    const statementSeconds = options.statementTimeoutMs / 1000;
    await connection
        .query(mariadb
        ? `set session max_statement_time = ${statementSeconds}`
        : `set session max_execution_time = ${Math.round(options.statementTimeoutMs)}`)
        .catch(() => undefined);
    const lockName = (0,_lock_key_js__WEBPACK_IMPORTED_MODULE_2__/* .mysqlLockName */ .v)(`rehearse:${info.db}:${options.lockName}`);
    return {
        kind: mariadb ? 'mariadb' : 'mysql',
        dialect: 'mysql',
        transactionalDdl: false,
        label: `${mariadb ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]} at ${where}`,
        exec: async (sql) => {
            await connection.query(sql);
        },
        query: run,
        lock: async (waitMs) => {
            // The wait is bounded by its own timeout, not max_statement_time.
            const unbounded = mariadb
                ? 'set statement max_statement_time = 0 for '
                : '';
            const [row] = await run(`${unbounded}select get_lock(?, ?) as got`, [lockName, Math.max(0, Math.ceil(waitMs / 1000))]);
            return row?.got === 1;
        },
        unlock: async () => {
            await run('select release_lock(?)', [lockName]);
        },
        cancel: async () => {
            const other = await mysql2_promise__WEBPACK_IMPORTED_MODULE_0__.createConnection({ uri });
            await other.query(`kill query ${connection.threadId}`);
            await other.end();
        },
        close: async () => {
            await connection.end().catch(() => undefined);
        }
    };
}


/***/ })

};
