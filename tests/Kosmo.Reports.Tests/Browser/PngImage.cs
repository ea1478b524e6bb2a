using System.Buffers.Binary;
using System.IO.Compression;

namespace Kosmo.Reports.Tests.Browser;

/// <summary>
/// A minimal PNG decoder for screenshots (8-bit RGB or RGBA, non-interlaced, all five row filters), so the browser
/// test can count colours without an imaging library. pixels: (Height, Width) packed as 0xRRGGBB.
/// </summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, int[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major 0xRRGGBB values, length Width × Height.</summary>
    public int[] Pixels { get; }

    /// <exception cref="InvalidDataException">Not a PNG, or a colour type/bit depth this decoder does not handle.</exception>
    public static PngImage Decode(byte[] png)
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
                if (data[8] != 8 || (colorType != 2 && colorType != 6) || data[12] != 0)
                {
                    throw new InvalidDataException($"unsupported PNG: bit depth {data[8]}, colour type {colorType}, interlace {data[12]}");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + length;
        }

        var bpp = colorType == 6 ? 4 : 3;
        var stride = width * bpp;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }

        var pixels = new int[width * height];
        var prev = new byte[stride];
        var cur = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, cur, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }

            for (var x = 0; x < width; x++)
            {
                pixels[y * width + x] = (cur[x * bpp] << 16) | (cur[x * bpp + 1] << 8) | cur[x * bpp + 2];
            }

            (prev, cur) = (cur, prev);
        }

        return new PngImage(width, height, pixels);
    }

    /// <summary>How many pixels lie within <paramref name="tolerance"/> per channel of the colour 0xRRGGBB.</summary>
    public int CountNear(int rgb, int tolerance) => Pixels.Count(p =>
        Math.Abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) <= tolerance
        && Math.Abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) <= tolerance
        && Math.Abs((p & 255) - (rgb & 255)) <= tolerance);

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
