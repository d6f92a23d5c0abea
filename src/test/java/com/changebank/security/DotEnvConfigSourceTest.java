package com.changebank.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvConfigSourceTest {

    @Test
    void readsTheLinesPythonDotenvReads() {
        Map<String, String> values = DotEnvConfigSource.parse(List.of(
                "# a comment",
                "",
                "ISSUER=http://localhost:9011",
                "export CLIENT_ID = e9fdb985",
                "CLIENT_SECRET=\"quoted # not a comment\"",
                "SINGLE='single'",
                "INLINE=value # a comment",
                "EMPTY=",
                "not a setting",
                "=no name"));
        assertEquals(Map.of(
                "ISSUER", "http://localhost:9011",
                "CLIENT_ID", "e9fdb985",
                "CLIENT_SECRET", "quoted # not a comment",
                "SINGLE", "single",
                "INLINE", "value",
                "EMPTY", ""), values);
    }

    @Test
    void ranksBelowEnvironmentAndSystemProperties() {
        assertTrue(DotEnvConfigSource.ORDINAL < 300, "environment variables have ordinal 300");
    }

    @Test
    void missingFileMeansNoValues(@TempDir Path dir) {
        DotEnvConfigSource source = new DotEnvConfigSource(dir.resolve(".env"));
        assertTrue(source.getPropertyNames().isEmpty());
        assertNull(source.getValue("ISSUER"));
    }

    @Test
    void readsTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve(".env"), "ISSUER=http://localhost:9011\n");
        assertEquals("http://localhost:9011", new DotEnvConfigSource(file).getValue("ISSUER"));
    }
}
