package vn.pulse.api.http;

import io.javalin.http.Context;

/**
 * A data answer that is a document rather than JSON (a report as HTML, PDF or DOCX): a
 * {@link DataHandler.Answer} returns one and the server sends its bytes as they are, with its
 * content type, never cached without revalidation, and varying with {@code Accept} (which may choose it).
 *
 * @param fileName  offered to save the document as ({@code Content-Disposition}); null to show it inline
 */
public record Document(String contentType, String fileName, byte[] content) {

    /** Sends the document as the answer to {@code ctx}. */
    public void send(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Vary", "Accept");
        if (fileName != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        }
        ctx.contentType(contentType).result(content);
    }
}
