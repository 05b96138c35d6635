package io.insidersync.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.insidersync.source.DeltaTable;
import org.junit.jupiter.api.Test;

/** The lines --verify prints for each kind of table, and its exit code. */
class VerificationTest {

    private static List<String> lines(DeltaTable table) {
        return Verification.tableResults(table).stream().map(result -> result.status() + " " + result.name()).toList();
    }

    private static DeltaTable table(String type, String format, boolean feed) {
        return new DeltaTable("t", "`t`", type, format, feed);
    }

    @Test
    void aLineIsTheStatusTheCheckAndWhyOnOneLine() {
        assertEquals("PASS  Delta table: t is a Delta table", CheckResult.pass("Delta table", "t is a Delta table").line());
        assertEquals("FAIL  Mapping: a; b", CheckResult.fail("Mapping", "a;\n   b").line());
        assertEquals("SKIP  Mapping: needs the table", CheckResult.skip("Mapping", "needs the table").line());
    }

    @Test
    void eachKindOfTableGetsItsLines() {
        assertEquals(List.of("PASS Not a view", "PASS Delta table", "PASS Change Data Feed"), lines(table("MANAGED", "delta", true)));
        assertEquals(List.of("PASS Not a view", "PASS Delta table", "FAIL Change Data Feed"), lines(table("MANAGED", "delta", false)));
        assertEquals(List.of("PASS Not a view", "FAIL Delta table", "SKIP Change Data Feed"), lines(table("EXTERNAL", "parquet", false)));
        assertEquals(List.of("FAIL Not a view", "SKIP Delta table", "SKIP Change Data Feed"), lines(table("VIEW", "", false)));
    }

    @Test
    void theExitCodeIsOneWhenAnyCheckFailedAndSkipsDoNotCount() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        assertEquals(0, Verification.report(List.of(CheckResult.pass("A", "fine"), CheckResult.skip("B", "dry run")), print));
        assertEquals(1, Verification.report(List.of(CheckResult.pass("A", "fine"), CheckResult.fail("C", "broken")), print));

        assertEquals(List.of("PASS  A: fine", "SKIP  B: dry run", "PASS  A: fine", "FAIL  C: broken"), out.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
