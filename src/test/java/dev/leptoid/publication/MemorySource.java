package dev.leptoid.publication;

import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Series held in memory and served like Graphite's /render: the target is a path with '*'
 * wildcards (one node each), the answer is cut to [from, until). Records every target asked for.
 */
public final class MemorySource implements MetricSource {

    private final List<Series> series = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private String failure;

    public MemorySource add(Series s) {
        series.add(s);
        return this;
    }

    /** Every fetch fails with {@code message} from now on. */
    public MemorySource failWith(String message) {
        failure = message;
        return this;
    }

    public List<String> targets() { return List.copyOf(targets); }

    @Override
    public List<Series> fetch(String target, Instant from, Instant until) throws SourceException {
        targets.add(target);
        if (failure != null) throw new SourceException(failure);
        Pattern p = Pattern.compile(Arrays.stream(target.split("\\*", -1)).map(Pattern::quote)
                .reduce((a, b) -> a + "[^.]*" + b).orElse(""));
        List<Series> out = new ArrayList<>();
        for (Series s : series) {
            if (!p.matcher(s.name()).matches()) continue;
            long f = Math.max(from.getEpochSecond(), s.start());
            long first = (f - s.start() + s.step() - 1) / s.step();
            long last = Math.min(s.size(), (until.getEpochSecond() - s.start() + s.step() - 1) / s.step());
            if (last <= first) continue;
            out.add(s.slice((int) first, (int) last));
        }
        return out;
    }
}
