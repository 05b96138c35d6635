package io.insidersync.camel;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/** The {@code camel} command of Camel JBang, started without the JBang launcher: {@code camel run …}, {@code camel --version}. */
public final class CamelLauncher {

    private CamelLauncher() {
    }

    public static void main(String... args) {
        CamelJBangMain.run(args);
    }
}
