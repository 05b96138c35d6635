package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import io.insidersync.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void replayTakesAnOptionalFile() {
        assertEquals(new CommandLine(false, Optional.empty(), false, true, Optional.empty(), false, false), CommandLine.parse("--replay"));
        assertEquals(Optional.of(Path.of("old.jsonl")), CommandLine.parse("--replay", "old.jsonl").replayFile());
        assertEquals(Optional.of(Path.of("old.jsonl")), CommandLine.parse("--replay=old.jsonl").replayFile());
    }

    @Test
    void syncNamesOneOfSeveralSyncsForAOneShotCommand() {
        assertEquals(Optional.of("members"), CommandLine.parse("--once", "--sync", "members").sync());
        assertEquals(Optional.of("members"), CommandLine.parse("--verify", "--sync=members").sync());
        assertEquals(Optional.empty(), CommandLine.parse("--once").sync());
        assertTrue(assertThrows(ConfigurationException.class, () -> CommandLine.parse("--once", "--sync")).getMessage()
                .contains("--sync needs the name of a sync"));
        assertThrows(ConfigurationException.class, () -> CommandLine.parse("--once", "--sync", "--verify"));
        assertTrue(CommandLine.USAGE.contains("--sync NAME"));
    }

    @Test
    void anOptionAfterReplayIsNotItsFile() {
        CommandLine commandLine = CommandLine.parse("--replay", "--help");
        assertTrue(commandLine.replay() && commandLine.help());
        assertEquals(Optional.empty(), commandLine.replayFile());
    }

    @Test
    void replayWithOnceOrAnEmptyFileIsAUsageError() {
        assertTrue(assertThrows(ConfigurationException.class, () -> CommandLine.parse("--once", "--replay")).getMessage()
                .contains("--once, --replay and --verify cannot be combined"));
        assertThrows(ConfigurationException.class, () -> CommandLine.parse("--replay="));
    }

    @Test
    void theUsageNamesReplay() {
        assertTrue(CommandLine.USAGE.contains("--replay [FILE]"));
        assertFalse(CommandLine.parse("--once").replay());
    }

    @Test
    void verifyAndResyncAreSwitches() {
        assertTrue(CommandLine.parse("--verify").verify());
        assertTrue(CommandLine.parse("--resync").resync());
        CommandLine resyncThenRun = CommandLine.parse("--resync", "--once");
        assertTrue(resyncThenRun.resync() && resyncThenRun.once());
        assertFalse(CommandLine.parse("--once").verify() || CommandLine.parse("--once").resync());
        assertTrue(CommandLine.USAGE.contains("--verify") && CommandLine.USAGE.contains("--resync"));
    }

    @Test
    void verifyGoesAloneAndResyncOnlyWithOnce() {
        assertThrows(ConfigurationException.class, () -> CommandLine.parse("--verify", "--once"));
        assertThrows(ConfigurationException.class, () -> CommandLine.parse("--verify", "--replay"));
        assertTrue(assertThrows(ConfigurationException.class, () -> CommandLine.parse("--resync", "--verify")).getMessage()
                .contains("--resync goes alone or with --once"));
        assertThrows(ConfigurationException.class, () -> CommandLine.parse("--resync", "--replay"));
    }
}
