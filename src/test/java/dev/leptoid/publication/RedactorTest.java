package dev.leptoid.publication;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RedactorTest {

    @Test
    void secrets_are_removed_in_every_shape_over_many_random_tokens() {
        Random random = new Random(99);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        for (int c = 0; c < 500; c++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8 + random.nextInt(30); i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String secret = b.toString();
            Redactor redactor = Redactor.of(List.of(secret));
            String text = switch (c % 4) {
                case 0 -> "failed at https://u:" + secret + "@host/render";
                case 1 -> "password=" + secret + " rejected";
                case 2 -> "header Authorization: " + secret;
                default -> "plain " + secret + " echoed";
            };
            assertFalse(redactor.redact(text).contains(secret), text + " -> " + redactor.redact(text));
        }
        assertEquals("no secret here", Redactor.of(List.of("abcd1234")).redact("no secret here"));
    }

    @Test
    void a_header_with_its_scheme_loses_the_credential_even_when_the_value_is_not_a_known_secret() {
        assertEquals("answered 401 for Authorization: Bearer [redacted]",
                Redactor.PATTERNS_ONLY.redact("answered 401 for Authorization: Bearer glsa_unknown"));
        assertEquals("Authorization=Basic [redacted], retrying",
                Redactor.PATTERNS_ONLY.redact("Authorization=Basic bGVwdG9pZDpodW50ZXIy, retrying"));
    }

    @Test
    void a_secret_learned_after_the_redactor_was_made_is_removed_from_then_on() {
        List<String> known = new ArrayList<>();
        Redactor redactor = new Redactor(() -> known);
        assertEquals("echo s3cr3t-value", redactor.redact("echo s3cr3t-value"));
        known.add("s3cr3t-value");
        assertEquals("echo [redacted]", redactor.redact("echo s3cr3t-value"));
    }

    @Test
    void aws_access_key_ids_and_url_credentials_are_removed_without_being_configured() {
        assertEquals("denied for [redacted] at https://[redacted]@graphite/render",
                Redactor.PATTERNS_ONLY.redact("denied for AKIAIOSFODNN7EXAMPLE at https://admin:pw@graphite/render"));
    }
}
