// Starts the vendored Swagger UI on the app's own OpenAPI description (a file, not an inline script,
// so the page keeps a strict Content-Security-Policy).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
