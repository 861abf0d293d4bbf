package vn.pulse.api.http;

import java.util.Locale;

/**
 * The representations of a data answer: JSON (the default), or a table as CSV or XLSX. Chosen by
 * {@code ?format=json|csv|xlsx}, which wins, else by the request's {@code Accept} (RFC 9110, 12.5.1:
 * the most specific matching range gives each representation its quality; the highest wins, JSON on a
 * tie). An unknown {@code format} is a 400 naming it; an {@code Accept} that admits none of the three
 * is a 406.
 */
public enum Format {
    JSON("json", "application/json"),
    CSV("csv", "text/csv"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public static final String PARAMETER = "format";

    private final String name;
    private final String mediaType;

    Format(String name, String mediaType) {
        this.name = name;
        this.mediaType = mediaType;
    }

    /** The value of {@code ?format=} and the file extension. */
    public String extension() {
        return name;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The representation a request asks for. */
    public static Format of(String formatParameter, String accept) {
        if (formatParameter != null) {
            for (Format format : values()) {
                if (format.name.equals(formatParameter.trim().toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw new ApiProblem.BadParameter(PARAMETER, "format must be json, csv or xlsx, was '" + formatParameter + "'");
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        Format best = null;
        double bestQuality = 0;
        for (Format format : values()) {
            double quality = format.quality(accept);
            if (quality > bestQuality) {
                best = format;
                bestQuality = quality;
            }
        }
        if (best == null) {
            throw new ApiProblem.NotAcceptable("This resource is served as application/json, text/csv or "
                    + XLSX.mediaType + " (or choose with ?format=json|csv|xlsx); the request accepts '" + accept + "'.");
        }
        return best;
    }

    private double quality(String accept) {
        return quality(mediaType, accept);
    }

    /**
     * The quality an {@code Accept} header gives {@code mediaType} (RFC 9110, 12.5.1): that of its most
     * specific matching range ({@code type/subtype}, then {@code type/*}, then {@code *}{@code /*}), 0 if none.
     */
    public static double quality(String mediaType, String accept) {
        String type = mediaType.substring(0, mediaType.indexOf('/'));
        int bestSpecificity = -1;
        double quality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity = media.equals(mediaType) ? 2 : media.equals(type + "/*") ? 1 : media.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                quality = quality(parts);
            }
        }
        return quality;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).trim());
                    return q < 0 || q > 1 ? 0 : q;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
