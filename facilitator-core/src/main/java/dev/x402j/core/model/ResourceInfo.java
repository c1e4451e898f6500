package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What is being paid for: the resource's URL and, optionally, its description and media type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceInfo(String url, String description, String mimeType) {
    public ResourceInfo {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("resource.url is required");
        }
    }

    public static ResourceInfo of(String url) {
        return new ResourceInfo(url, null, null);
    }
}
