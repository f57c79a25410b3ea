import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j 5 community server for dutygraph's tests (tests/neo4j_harness.py starts it).
 *
 * Usage: java -cp 'lib/*:classes' Launcher HOME PORT_FILE [BOLT_PORT]
 *
 * Serves Bolt on 127.0.0.1 only (BOLT_PORT, or a free one when 0 or absent), with
 * authentication on and the password of the user neo4j set from the environment variable
 * DUTYGRAPH_NEO4J_PASSWORD (not an argument: arguments show in `ps`). When Bolt listens it
 * writes the port to PORT_FILE and prints {"bolt_port": N} on stdout. It shuts the database
 * down cleanly when its stdin closes, which is also what happens when the process that
 * started it dies, so a crashed test run leaves no server behind; and on SIGTERM.
 */
public final class Launcher {
    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String password = System.getenv("DUTYGRAPH_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("DUTYGRAPH_NEO4J_PASSWORD must hold a password of 8 characters or more");
            System.exit(2);
        }
        String pageCache = System.getenv().getOrDefault("DUTYGRAPH_NEO4J_PAGECACHE", "256m");

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", wanted))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "dutygraph-neo4j-shutdown"));

        // Set the password from inside: the embedded API is not subject to authentication.
        // A restart on the same folder finds it set already, and Neo4j refuses a "change"
        // to the same password: that refusal is the one error that is fine here.
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int port = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port), StandardCharsets.UTF_8);
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("{\"bolt_port\": " + port + "}");
        System.out.flush();

        while (System.in.read() != -1) {
            // nothing is sent on stdin; its end is the signal to stop
        }
        dbms.shutdown();
        System.exit(0);
    }

    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }
}
