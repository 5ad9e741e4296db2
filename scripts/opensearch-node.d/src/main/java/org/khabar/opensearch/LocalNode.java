package org.khabar.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node of the local scratch cluster started by {@code scripts/opensearch-node}.
 *
 * <p>There is no OpenSearch distribution to unpack here, only the Maven Central artifacts, so this
 * does what the OpenSearch test framework's {@code MockNode} does: it builds a {@link Node} from an
 * {@link Environment} and the plugin classes found on the class path (HTTP/transport over Netty 4,
 * and the common analysis plugin with the usual tokenizers and filters).
 *
 * <p>Usage: {@code java -cp launcher.jar:lib/* org.khabar.opensearch.LocalNode NODE_HOME}, where
 * {@code NODE_HOME/config} holds {@code opensearch.yml} and {@code log4j2.properties}. The process
 * runs until it receives SIGTERM/SIGINT, then closes the node cleanly.
 */
public final class LocalNode extends Node {

    static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private LocalNode(Environment environment) {
        // forbidPrivateIndexSettings = true, as a production node does.
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LocalNode NODE_HOME");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath().normalize();
        Path configDir = home.resolve("config");

        Settings input = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), home.toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            input,
            Map.of(),
            configDir,
            () -> home.getFileName().toString()
        );
        // As Bootstrap does: the node name for the %node_name log pattern, then log4j from config/.
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(environment);

        final LocalNode node;
        try {
            node = new LocalNode(environment);
        } catch (Throwable t) {
            t.printStackTrace();
            // The constructor may have started non-daemon threads: do not wait for them.
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "khabar-local-node-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            t.printStackTrace();
            // exit() runs the shutdown hook, which closes what was started.
            System.exit(1);
        }
        System.out.println("khabar LocalNode started: " + environment.settings().get("node.name"));
        System.out.flush();
        // Node threads are daemons in part: keep the JVM alive until told to stop.
        stopped.await();
    }
}
