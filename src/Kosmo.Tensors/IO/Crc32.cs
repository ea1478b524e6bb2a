namespace Kosmo.Tensors.IO;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib's crc32.</summary>
public static class Crc32
{
    private static readonly uint[] Table = Build();

    /// <summary>The CRC-32 of <paramref name="data"/> (used by the weights file and the training checkpoint).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] Build()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            t[i] = c;
        }

        return t;
    }
}
