"""Views: request → permission → domain service → template. One module per area."""
