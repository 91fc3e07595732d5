import HTTP

extension StorefrontApp {
    /// The limits of one upload from `media` in the configuration.
    var mediaLimits: MultipartLimits {
        MultipartLimits(maxBodyBytes: config.media.maxRequestBytes, maxFileBytes: config.media.maxUploadBytes)
    }

    /// The store an upload route receives images with; register the route with
    /// `router.on(.POST, pattern, streamingBodyUpTo: mediaLimits.maxBodyBytes)` so its body streams.
    var mediaStore: MediaStore {
        MediaStore(directory: config.media.directory, limits: mediaLimits, logger: logger)
    }
}
