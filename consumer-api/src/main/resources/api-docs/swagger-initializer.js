// Swagger UI over this instance's own OpenAPI document, resolved against the page's address
// (the page is /docs/, the document /openapi.json), so that it works behind a path prefix too.
// validatorUrl: null keeps the UI from sending the document to a remote validator.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: new URL('../openapi.json', document.baseURI).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
};
