package dev.leptoid.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErlangCTest {

    @Test
    void matches_the_textbook_erlang_c_table_for_ten_erlangs() {
        // Erlang C table, A = 10 Erlangs, N = 11..15 agents (published to 4 decimals)
        double[] expected = {0.6821, 0.4494, 0.2853, 0.1741, 0.1020};
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], ErlangC.probabilityOfWaiting(11 + i, 10), 5e-5, "N=" + (11 + i));
    }

    @Test
    void two_servers_at_half_load_wait_one_time_in_three() {
        assertEquals(1.0 / 3, ErlangC.probabilityOfWaiting(2, 1), 1e-15);
        assertEquals(0.2, ErlangC.erlangB(2, 1), 1e-15);
        // M/M/2, rho = 0.5, S = 1: Wq = C / (c - a) * S = (1/3) / 1
        assertEquals(1.0 / 3, ErlangC.meanWait(2, 1, 1.0), 1e-15);
    }

    @Test
    void one_server_is_the_mm1_queue() {
        for (double rho : new double[]{0.1, 0.5, 0.9, 0.99}) {
            assertEquals(rho, ErlangC.probabilityOfWaiting(1, rho), 1e-14);
            assertEquals(rho / (1 - rho) * 2.0, ErlangC.meanWait(1, rho, 2.0), 1e-9 * rho / (1 - rho));
        }
    }

    @Test
    void call_centre_service_level_known_answer() {
        // 10 Erlangs, 180 s handling time, 80% answered within 20 s: 13 agents reach 79.6%, 14 reach 88.8%
        assertEquals(1 - 0.7956, ErlangC.probabilityWaitExceeds(13, 10, 180, 20), 1e-4);
        assertEquals(1 - 0.8884, ErlangC.probabilityWaitExceeds(14, 10, 180, 20), 1e-4);
        assertEquals(14, ErlangC.serversFor(10, 180, 20, 0.2, 1000));
    }

    @Test
    void stays_finite_and_exact_for_ten_thousand_servers() {
        // reference values computed with the same recursion at 60 significant digits (Python Decimal)
        assertEquals(0.007936563248805671, ErlangC.erlangB(10_000, 10_000), 1e-13);
        assertEquals(0.02616779959022297, ErlangC.probabilityOfWaiting(10_000, 9_800), 1e-12);
        assertEquals(0.8805417113739897, ErlangC.probabilityOfWaiting(10_000, 9_990), 1e-10);
        int c = ErlangC.serversFor(9_800, 0.05, 0.01, 0.01, 20_000);
        assertTrue(c > 9_800 && c < 10_100, "c=" + c);
        assertTrue(ErlangC.probabilityWaitExceeds(c, 9_800, 0.05, 0.01) <= 0.01);
        assertTrue(ErlangC.probabilityWaitExceeds(c - 1, 9_800, 0.05, 0.01) > 0.01, "smallest such c");
    }

    @Test
    void agrees_with_an_independent_log_space_computation_for_random_queues() {
        Random rnd = new Random(11);
        for (int k = 0; k < 400; k++) {
            int c = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 10_000);
            double a = rnd.nextDouble() * c * 1.2;
            double expected = logSpaceErlangB(c, a);
            double got = ErlangC.erlangB(c, a);
            assertEquals(expected, got, 1e-9 * Math.max(expected, 1e-300) + 1e-300, "c=" + c + " a=" + a);
            double pw = ErlangC.probabilityOfWaiting(c, a);
            assertTrue(pw >= got - 1e-15 && pw <= 1.0, "C(c,a) >= B(c,a) and <= 1; c=" + c + " a=" + a);
        }
    }

    /** B = p(c) / sum_{k<=c} p(k) with Poisson weights, summed in log space (no recursion shared). */
    private static double logSpaceErlangB(int c, double a) {
        if (a == 0) return c == 0 ? 1 : 0;
        double[] log = new double[c + 1];
        double max = 0;
        for (int k = 1; k <= c; k++) {
            log[k] = log[k - 1] + Math.log(a) - Math.log(k);
            max = Math.max(max, log[k]);
        }
        double sum = 0;
        for (int k = 0; k <= c; k++) sum += Math.exp(log[k] - max);
        return Math.exp(log[c] - max) / sum;
    }

    @Test
    void unstable_queues_always_wait() {
        assertEquals(1.0, ErlangC.probabilityOfWaiting(5, 5));
        assertEquals(Double.POSITIVE_INFINITY, ErlangC.meanWait(5, 6, 1));
        assertEquals(0.0, ErlangC.probabilityOfWaiting(5, 0));
    }

    @Test
    void refuses_nonsense() {
        assertThrows(IllegalArgumentException.class, () -> ErlangC.erlangB(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> ErlangC.probabilityOfWaiting(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ErlangC.probabilityOfWaiting(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ErlangC.serversFor(1, 0, 1, 0.1, 10));
    }
}
