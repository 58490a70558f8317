"""engines.py: the real databases the warehouse tests run kpic's SQL on.

PostgreSQL: a private cluster (initdb into a temporary folder, pg_ctl on a
Unix socket in that folder, no TCP), run as an unprivileged user when the
tests run as root (PostgreSQL refuses to run as root; CI runs as root), and
always stopped, even when a test fails. DuckDB: @duckdb/node-api from
bench/peers/node_modules (duckdb_run.mjs).

Tables are loaded from the typed CSV files downloads.py writes: the date
column as DATE (TIMESTAMP when it has a time), numbers as NUMERIC, the rest
as text; an empty field is NULL, as a warehouse holds it.
"""
import os
import pwd
import shutil
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("KPI_PG_BIN", "/usr/lib/postgresql/15/bin")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEERS = os.path.join(ROOT, "bench", "peers")


class Skip(Exception):
    """The engine is not installed here: the test reports it and is skipped."""


# ---- PostgreSQL ------------------------------------------------------------------------------

class Postgres:
    types = {"date": "DATE", "timestamp": "TIMESTAMP", "number": "NUMERIC", "text": "TEXT"}

    def __init__(self, settings=""):
        """SETTINGS: more server options for pg_ctl -o (the benchmark turns autovacuum off)."""
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise Skip("PostgreSQL 15 is not installed (apt-get install postgresql-15)")
        self.dir = tempfile.mkdtemp(prefix="kpic-pg-")
        os.chmod(self.dir, 0o755)
        self.user = None
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the cluster belongs to nobody
            self.user = pwd.getpwnam("nobody")
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.started = False
        self.as_owner([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-A", "trust", "-U", "kpic",
                       "--no-sync", "-E", "UTF8", "--locale=C"])
        self.as_owner([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", os.path.join(self.dir, "log"),
                       "-w", "-o", "-k %s -c listen_addresses= -F %s" % (self.dir, settings), "start"])
        self.started = True

    def as_owner(self, argv, **kw):
        if self.user:
            argv = ["setpriv", "--reuid=%d" % self.user.pw_uid, "--regid=%d" % self.user.pw_gid,
                    "--clear-groups", "--"] + argv
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        r = subprocess.run(argv, **kw)
        if r.returncode != 0 and kw.get("check", True):
            raise RuntimeError("%s failed:\n%s%s" % (" ".join(argv), r.stdout.decode(), r.stderr.decode()))
        return r

    def url(self, database="postgres", user="kpic"):
        return "postgresql://%s@/%s?host=%s" % (user, database, self.dir)

    def psql(self, sql=None, file=None, csv_out=False, user="kpic", check=True):
        argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U", user, "-d", "postgres"]
        if csv_out:
            argv.append("--csv")
        argv += ["-c", sql] if sql is not None else ["-f", file]
        return self.as_owner(argv, check=check)

    def load(self, table, path, columns):
        cols = ", ".join('"%s" %s' % (name.replace('"', '""'), self.types[kind]) for name, kind in columns)
        quoted = '"%s"' % table.replace('"', '""')
        self.psql("DROP TABLE IF EXISTS %s; CREATE TABLE %s (%s);" % (quoted, quoted, cols))
        os.chmod(path, 0o644)
        self.psql("\\copy %s FROM '%s' WITH (FORMAT csv, HEADER true)" % (quoted, path))

    def query_csv(self, sql_file, out_path):
        os.chmod(sql_file, 0o644)
        r = self.psql(file=sql_file, csv_out=True)
        with open(out_path, "wb") as f:
            f.write(r.stdout)

    def require_password(self, role):
        """ROLE must give its password (scram-sha-256); every other role keeps trust."""
        hba = os.path.join(self.data, "pg_hba.conf")
        with open(hba) as f:
            rules = f.read()
        with open(hba, "w") as f:
            f.write('local all "%s" scram-sha-256\n' % role + rules)
        loaded = self.psql("SELECT pg_conf_load_time()", csv_out=True).stdout
        self.as_owner([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "reload"])
        # reload is asynchronous: a new connection sees the new load time once the rule is read
        for _ in range(100):
            if self.psql("SELECT pg_conf_load_time()", csv_out=True).stdout != loaded:
                return
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not reload pg_hba.conf")

    def stop(self):
        if self.started:
            self.as_owner([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"],
                          check=False)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- DuckDB --------------------------------------------------------------------------------

class DuckDB:
    types = {"date": "DATE", "timestamp": "TIMESTAMP", "number": "DECIMAL(38,4)", "text": "VARCHAR"}

    def __init__(self):
        if not os.path.isdir(os.path.join(PEERS, "node_modules", "@duckdb", "node-api")):
            raise Skip("@duckdb/node-api is not installed (npm ci --prefix bench/peers)")
        if not shutil.which("node"):
            raise Skip("node is not installed")
        self.dir = tempfile.mkdtemp(prefix="kpic-duckdb-")
        self.db = os.path.join(self.dir, "kpic.duckdb")

    def run(self, sql, out_path=None):
        argv = ["node", os.path.join(HERE, "duckdb_run.mjs"), self.db]
        r = subprocess.run(argv + ([out_path] if out_path else []), input=sql.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise RuntimeError("duckdb failed:\n" + r.stderr.decode())
        return r

    def load(self, table, path, columns):
        cols = ", ".join("'%s': '%s'" % (name.replace("'", "''"), self.types[kind]) for name, kind in columns)
        quoted = '"%s"' % table.replace('"', '""')
        self.run("CREATE OR REPLACE TABLE %s AS SELECT * FROM read_csv('%s', header = true, delim = ',', "
                 "quote = '\"', columns = {%s})" % (quoted, path.replace("'", "''"), cols))

    def query_csv(self, sql_file, out_path):
        with open(sql_file) as f:
            self.run(f.read(), out_path)

    def stop(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def start(engine):
    return Postgres() if engine == "postgres" else DuckDB()
