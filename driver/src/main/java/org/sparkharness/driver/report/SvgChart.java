package org.sparkharness.driver.report;

import java.util.List;
import java.util.Locale;

/** A small line chart as inline SVG: linear axes with rounded ticks, one polyline per series, a legend. Pure. */
public final class SvgChart {
    /** One line; NaN points are skipped. */
    public record Series(String name, double[] x, double[] y, String color) {}

    private static final int W = 640, H = 300, LEFT = 64, RIGHT = 16, TOP = 30, BOTTOM = 44;

    private SvgChart() {}

    public static String line(String title, String xLabel, String yLabel, List<Series> series) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                xMin = Math.min(xMin, s.x()[i]); xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, s.y()[i]); yMax = Math.max(yMax, s.y()[i]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif' font-size='11'>", W, H, W, H));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", LEFT, esc(title)));
        if (xMin > xMax) return svg.append("<text x='80' y='150'>no data</text></svg>").toString();
        if (xMax == xMin) { xMax = xMin + 1; }
        if (yMax == yMin) { yMax = yMin + Math.max(1e-9, Math.abs(yMin) * 0.1); }
        double[] xt = ticks(xMin, xMax), yt = ticks(yMin, yMax);
        xMin = Math.min(xMin, xt[0]); xMax = Math.max(xMax, xt[xt.length - 1]);
        yMin = Math.min(yMin, yt[0]); yMax = Math.max(yMax, yt[yt.length - 1]);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>", LEFT, TOP, pw, ph));
        int xDecimals = decimals(xt), yDecimals = decimals(yt);
        for (double t : xt) {
            double px = LEFT + (t - xMin) / (xMax - xMin) * pw;
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>", px, TOP, px, TOP + ph));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", px, TOP + ph + 14, fmt(t, xDecimals)));
        }
        for (double t : yt) {
            double py = TOP + ph - (t - yMin) / (yMax - yMin) * ph;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT, py, LEFT + pw, py));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT - 4, py + 4, fmt(t, yDecimals)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", LEFT + pw / 2, H - 8, esc(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x='14' y='%d' text-anchor='middle' transform='rotate(-90 14 %d)'>%s</text>",
                TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
        int legendX = LEFT + 8;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + (s.x()[i] - xMin) / (xMax - xMin) * pw,
                        TOP + ph - (s.y()[i] - yMin) / (yMax - yMin) * ph));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>", s.color(), pts));
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>",
                    legendX, TOP + 6, s.color(), legendX + 14, TOP + 15, esc(s.name())));
            legendX += 24 + 7 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Horizontal bars, one per label, longest first as given (callers sort): per-rule drop counts, histogram bins.
     * Each bar is labelled with its value.
     */
    public static String bars(String title, List<String> labels, double[] values, String color) {
        int rowH = 16, labelW = 190, valueW = 70;
        int h = TOP + rowH * Math.max(1, labels.size()) + 10;
        double max = 0;
        for (double v : values) if (Double.isFinite(v)) max = Math.max(max, v);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif' font-size='11'>", W, h, W, h));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='18' font-size='13' font-weight='bold'>%s</text>", esc(title)));
        if (labels.isEmpty()) return svg.append("<text x='80' y='44'>no data</text></svg>").toString();
        int barMax = W - labelW - valueW;
        for (int i = 0; i < labels.size(); i++) {
            double v = Double.isFinite(values[i]) ? values[i] : 0;
            int y = TOP + i * rowH;
            double len = max > 0 ? v / max * barMax : 0;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>", labelW - 6, y + 11,
                    esc(labels.get(i))));
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'/>", labelW, y + 2,
                    Math.max(len, 0.5), rowH - 4, color));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>%s</text>", labelW + len + 4, y + 11,
                    v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                            : String.format(Locale.ROOT, "%.4g", v)));
        }
        return svg.append("</svg>").toString();
    }

    /** About five round-numbered ticks covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
        double first = Math.floor(lo / step) * step;
        int n = (int) Math.ceil((hi - first) / step - 1e-9) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = first + i * step;
        return t;
    }

    /** Enough decimals to tell neighbouring ticks apart, the same for the whole axis. */
    private static int decimals(double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        return (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
