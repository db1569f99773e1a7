//! A minimal PNG encoder for 8-bit RGB images, so the tool needs no image
//! crate: a component stays small and its dependencies few.
//!
//! The pixels are stored, not compressed: the zlib stream holds deflate
//! "stored" blocks, so the file is about as large as the pixels (three
//! bytes each). The tool's size limits keep that within the host's default
//! 1 MiB output cap; what it saves is a compressor, the bulk of any PNG
//! library.

/// Every PNG starts with these bytes.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The most bytes a deflate stored block holds (its length is 16 bits).
const MAX_STORED: usize = 0xffff;

/// Encodes `pixels` (row by row, top first, `R G B` per pixel) as a PNG.
///
/// # Panics
///
/// When `pixels` does not hold `width * height` pixels: the caller made
/// the buffer, so a mismatch is a bug.
pub fn encode_rgb(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let row = width as usize * 3;
    assert_eq!(pixels.len(), row * height as usize, "pixel buffer size");

    // Every scanline starts with its filter type; 0 means "none".
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in pixels.chunks_exact(row.max(1)).take(height as usize) {
        raw.push(0);
        raw.extend_from_slice(line);
    }

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, standard filters, no
    // interlacing.
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);

    let idat = zlib_stored(&raw);
    let mut png = Vec::with_capacity(SIGNATURE.len() + 3 * 12 + ihdr.len() + idat.len());
    png.extend_from_slice(&SIGNATURE);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Appends one chunk: length, type, data, and the CRC of type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).expect("a PNG chunk holds less than 2 GiB");
    png.extend_from_slice(&length.to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream (RFC 1950) of deflate stored blocks (RFC 1951 3.2.4).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let blocks = data.len().div_ceil(MAX_STORED).max(1);
    let mut out = Vec::with_capacity(2 + data.len() + 5 * blocks + 4);
    // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: no dictionary,
    // "fastest" level, and a check value making 0x7801 a multiple of 31.
    out.extend_from_slice(&[0x78, 0x01]);
    let mut pieces = data.chunks(MAX_STORED).peekable();
    if pieces.peek().is_none() {
        // Even no data needs one (final, empty) block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        // BFINAL in bit 0, BTYPE 00 (stored) in bits 1-2; the rest of the
        // byte is padding up to the byte boundary.
        out.push(u8::from(last));
        let len = piece.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(piece);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// The CRC-32 of PNG chunks (ISO 3309, the one zip and Ethernet use).
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        CRC_TABLE[((crc ^ u32::from(byte)) & 0xff) as usize] ^ (crc >> 8)
    })
}

/// One entry per byte value, built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            bit += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// The Adler-32 checksum that ends a zlib stream.
pub fn adler32(bytes: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that can be summed before `b` could overflow.
    for block in bytes.chunks(5552) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// A strict decoder for exactly what [`encode_rgb`] writes, written
/// independently of it from the PNG and zlib specifications, so that the
/// tests check the file a client gets rather than the encoder's own idea of
/// it.
#[cfg(test)]
pub mod decode {
    use super::{SIGNATURE, adler32, crc32};

    /// A decoded image: its size and its `R G B` pixels, top row first.
    pub struct Image {
        pub width: u32,
        pub height: u32,
        pub pixels: Vec<u8>,
    }

    impl Image {
        pub fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
            let at = (y as usize * self.width as usize + x as usize) * 3;
            [self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]]
        }
    }

    fn be32(bytes: &[u8]) -> u32 {
        u32::from_be_bytes(bytes[..4].try_into().unwrap())
    }

    /// Checks the signature, every chunk's CRC, the IHDR fields, the zlib
    /// header and Adler-32, that every deflate block is stored with a
    /// matching `NLEN`, and that the inflated data is `height` rows of
    /// filter byte 0 followed by `width * 3` bytes.
    pub fn decode(png: &[u8]) -> Result<Image, String> {
        let rest = png.strip_prefix(&SIGNATURE).ok_or("no PNG signature")?;
        let mut chunks = Vec::new();
        let mut at = 0;
        while at < rest.len() {
            let length = be32(&rest[at..]) as usize;
            let kind = &rest[at + 4..at + 8];
            let data = &rest[at + 8..at + 8 + length];
            let crc = be32(&rest[at + 8 + length..]);
            if crc32(&rest[at + 4..at + 8 + length]) != crc {
                return Err(format!("bad CRC on {}", String::from_utf8_lossy(kind)));
            }
            chunks.push((kind, data));
            at += 12 + length;
        }
        let kinds: Vec<&[u8]> = chunks.iter().map(|(kind, _)| *kind).collect();
        if kinds != [&b"IHDR"[..], b"IDAT", b"IEND"] {
            return Err(format!("unexpected chunks {kinds:?}"));
        }
        let ihdr = chunks[0].1;
        let (width, height) = (be32(ihdr), be32(&ihdr[4..]));
        if ihdr[8..] != [8, 2, 0, 0, 0] {
            return Err(format!("not 8-bit RGB: {:?}", &ihdr[8..]));
        }

        let zlib = chunks[1].1;
        if zlib[0] & 0x0f != 8 || ((u16::from(zlib[0]) << 8) | u16::from(zlib[1])) % 31 != 0 {
            return Err("bad zlib header".into());
        }
        let mut raw = Vec::new();
        let mut at = 2;
        loop {
            let header = zlib[at];
            if header >> 1 != 0 {
                return Err(format!("block type {} is not stored", (header >> 1) & 3));
            }
            let len = u16::from_le_bytes([zlib[at + 1], zlib[at + 2]]);
            let nlen = u16::from_le_bytes([zlib[at + 3], zlib[at + 4]]);
            if nlen != !len {
                return Err("NLEN is not the complement of LEN".into());
            }
            raw.extend_from_slice(&zlib[at + 5..at + 5 + usize::from(len)]);
            at += 5 + usize::from(len);
            if header & 1 == 1 {
                break;
            }
        }
        if zlib.len() != at + 4 || be32(&zlib[at..]) != adler32(&raw) {
            return Err("bad Adler-32 or data after it".into());
        }

        let row = 1 + width as usize * 3;
        if raw.len() != row * height as usize {
            return Err(format!("{} bytes for {width}x{height}", raw.len()));
        }
        let mut pixels = Vec::with_capacity(raw.len());
        for line in raw.chunks_exact(row) {
            if line[0] != 0 {
                return Err(format!("filter type {}", line[0]));
            }
            pixels.extend_from_slice(&line[1..]);
        }
        Ok(Image {
            width,
            height,
            pixels,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::decode::decode;
    use super::*;

    #[test]
    fn checksums_match_their_published_check_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        // The CRC every PNG ends with.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        assert_eq!(adler32(b""), 1);
        // Long enough to need the modulo on the way.
        let ones = vec![0xffu8; 100_000];
        let (mut a, mut b) = (1u64, 0u64);
        for &byte in &ones {
            a = (a + u64::from(byte)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(u64::from(adler32(&ones)), (b << 16) | a);
    }

    #[test]
    fn a_small_image_round_trips_pixel_for_pixel() {
        let pixels: Vec<u8> = (0..4 * 3 * 3).map(|i| i as u8 * 7).collect();
        let png = encode_rgb(4, 3, &pixels);
        let image = decode(&png).unwrap();
        assert_eq!((image.width, image.height), (4, 3));
        assert_eq!(image.pixels, pixels);
        assert_eq!(image.pixel(1, 2), [189, 196, 203]);
        // The last 12 bytes are the standard IEND chunk.
        assert_eq!(
            png[png.len() - 12..],
            [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]
        );
    }

    #[test]
    fn data_over_one_stored_block_spans_several() {
        // 200 rows of 1 + 400 * 3 bytes: 240 200 bytes, four blocks.
        let pixels = vec![0x5a; 400 * 200 * 3];
        let png = encode_rgb(400, 200, &pixels);
        let image = decode(&png).unwrap();
        assert_eq!(image.pixels, pixels);
        let overhead = png.len() - (200 * (1 + 400 * 3));
        assert_eq!(overhead, 8 + 25 + 12 + 2 + 4 * 5 + 4 + 12);
    }

    #[test]
    fn a_corrupted_byte_is_caught_by_the_decoder() {
        let mut png = encode_rgb(2, 2, &[9; 12]);
        let last_pixel = png.len() - 12 - 4 - 4 - 1;
        png[last_pixel] ^= 1;
        assert_eq!(decode(&png).err().unwrap(), "bad CRC on IDAT");
    }
}
