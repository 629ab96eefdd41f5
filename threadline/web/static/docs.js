// Starts the vendored Swagger UI on the app's own OpenAPI description (a file, not an inline script,
// so the page keeps a strict Content-Security-Policy). No validator badge: it would call another origin.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
