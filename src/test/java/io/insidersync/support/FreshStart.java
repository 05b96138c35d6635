package io.insidersync.support;

import java.io.IOException;
import java.sql.SQLException;

/** What a route test starts from: no checkpoint or dead letters, a stand-in Insider that accepts all, an empty table. */
public final class FreshStart {

    private FreshStart() {
    }

    public static ChangeTable everything() throws IOException, SQLException {
        TestState.clear();
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        return ChangeTable.empty();
    }
}
