package dev.crossfeed;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** One part of a user message: text or an image. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

  /**
   * A text part.
   *
   * @param text the text
   * @return the part
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image the provider fetches by URL ({@code https:} or a {@code data:} URL).
   *
   * @param url where the image is
   * @return the part
   */
  static Image imageUrl(String url) {
    return new Image(Objects.requireNonNull(url, "url == null"), null, null);
  }

  /**
   * An image sent inline.
   *
   * @param data the image's bytes, copied
   * @param mediaType such as {@code image/png}
   * @return the part
   * @throws IllegalArgumentException if the data is empty or the media type is not {@code image/*}
   */
  static Image imageBytes(byte[] data, String mediaType) {
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    if (data.length == 0) throw new IllegalArgumentException("image data is empty");
    if (!mediaType.startsWith("image/")) throw new IllegalArgumentException("mediaType is not image/*: " + mediaType);
    return new Image(null, data.clone(), mediaType);
  }

  /**
   * A text part.
   *
   * @param text the text
   */
  record Text(String text) implements ContentPart {
    /**
     * Checks the text is there.
     *
     * @param text the text, not null
     */
    public Text {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** An image, given either by URL or by bytes with a media type. */
  final class Image implements ContentPart {
    private final String url;
    private final byte[] data;
    private final String mediaType;

    private Image(String url, byte[] data, String mediaType) {
      if (url != null && url.isBlank()) throw new IllegalArgumentException("image url is blank");
      this.url = url;
      this.data = data;
      this.mediaType = mediaType;
    }

    /** {@return the URL, when the image is given by URL} */
    public Optional<String> url() {
      return Optional.ofNullable(url);
    }

    /** {@return a copy of the bytes, when the image is given inline} */
    public Optional<byte[]> data() {
      return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    /** {@return the media type, when the image is given inline} */
    public Optional<String> mediaType() {
      return Optional.ofNullable(mediaType);
    }

    /** {@return base64 of the inline bytes (standard alphabet, padded), when inline} */
    public Optional<String> base64() {
      return data == null ? Optional.empty() : Optional.of(Base64.getEncoder().encodeToString(data));
    }

    /** {@return a {@code data:} URL for inline bytes, or the URL itself} */
    public String toUrl() {
      return url != null ? url : "data:" + mediaType + ";base64," + base64().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Image
          && Objects.equals(url, ((Image) o).url)
          && Arrays.equals(data, ((Image) o).data)
          && Objects.equals(mediaType, ((Image) o).mediaType);
    }

    @Override
    public int hashCode() {
      return Objects.hash(url, Arrays.hashCode(data), mediaType);
    }

    @Override
    public String toString() {
      return url != null
          ? "Image[url=" + (url.length() > 80 ? url.substring(0, 80) + "…" : url) + "]"
          : "Image[" + mediaType + ", " + data.length + " bytes]";
    }
  }
}
