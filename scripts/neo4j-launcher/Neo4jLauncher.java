// Embedded Neo4j 5.26 Community with Bolt on 127.0.0.1:PORT, for local tests.
// Run (no compile step, Java 17):
//   java -cp "$CP" scripts/neo4j-launcher/Neo4jLauncher.java HOME_DIR PORT
// The password, if any, comes from the NEO4J_PASSWORD environment variable (kept off
// the command line so that it does not show in `ps`): set -> auth on, unset -> auth off.
// With a password, user neo4j is written with it to the initial-user file before the DBMS
// starts (as `neo4j-admin dbms set-initial-password` does): Bolt never accepts the default
// password, so clients that connect during start-up meet no failed-login lockout.
// Prints "READY bolt://127.0.0.1:PORT" once a query answers on database neo4j, then
// blocks until SIGTERM; a shutdown hook calls shutdown().
// Used by scripts/neo4j; see docs/neo4j-local.md.

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.configuration.Config;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.string.UTF8;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jLauncher HOME_DIR PORT   (password from env NEO4J_PASSWORD)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);

        Map<Setting<?>, Object> cfg = new LinkedHashMap<>();
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, bolt);
        cfg.put(BoltConnector.advertised_address, bolt); // else neo4j:// routes to localhost:7687
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.auth_enabled, auth);
        cfg.put(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128));
        cfg.put(GraphDatabaseSettings.keep_logical_logs, "1 files");
        cfg.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16));
        cfg.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        cfg.put(GraphDatabaseSettings.udc_enabled, false); // no usage reports (no network here)
        // Bolt's netty event loops otherwise wait a 5 s quiet period per loop group at
        // shutdown (stop took ~12 s); the databases are already closed by then.
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        for (var e : cfg.entrySet()) {
            System.out.println("config " + e.getKey().name() + "=" + e.getValue());
        }

        long t0 = System.nanoTime();
        if (auth) {
            try {
                setInitialPassword(home, password);
            } catch (Throwable t) {
                t.printStackTrace();
                System.out.println("FAILED to set the initial password: " + t);
                System.exit(1);
                return;
            }
        }
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(cfg)
                    .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                    .build();
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("FAILED to start: " + t);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutting down");
            try {
                dbms.shutdown();
                System.out.println("STOPPED");
            } finally {
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            GraphDatabaseService db = dbms.database("neo4j");
            db.executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("FAILED after start: " + t);
            System.out.flush();
            System.exit(1); // the shutdown hook stops the DBMS
        }
        System.out.printf("started in %.1f s (auth %s)%n", (System.nanoTime() - t0) / 1e9, auth ? "on" : "off");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await(); // until SIGTERM runs the shutdown hook
    }

    /** Writes user neo4j with password to the initial-user file of the DBMS at home. */
    static void setInitialPassword(Path home, String password) throws Exception {
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        var fs = new DefaultFileSystemAbstraction();
        fs.mkdirs(file.getParent());
        if (fs.fileExists(file)) {
            fs.deleteFile(file);
        }
        var repo = new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
        repo.start();
        var credential = SystemGraphCredential.createCredentialForPassword(UTF8.encode(password), new SecureHasher());
        repo.create(new User("neo4j", null, credential, false, false));
        repo.shutdown();
    }
}
