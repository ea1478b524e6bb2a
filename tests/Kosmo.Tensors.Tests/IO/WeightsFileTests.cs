using Kosmo.Tensors;
using Kosmo.Tensors.IO;

namespace Kosmo.Tensors.Tests.IO;

/// <summary>The weights file: round trip, corruption, mismatch.</summary>
public sealed class WeightsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kosmo-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Parameter[] Model(int seed) =>
    [
        Parameter.CreateNormal("lstm.w_ih", new Random(seed), 1f, 16, 4),
        Parameter.CreateNormal("head.bias", new Random(seed + 1), 1f, 3),
    ];

    [Fact]
    public void Load_Should_RestoreExactValues_When_FileWasSaved()
    {
        // Given a saved model
        var path = Path.Combine(_dir, "m.kosw");
        var saved = Model(1);
        WeightsFile.Save(path, saved);

        // When loaded into a differently initialised model of the same shape
        var loaded = Model(2);
        WeightsFile.Load(path, loaded);

        // Then all values are identical and the CRC matches zlib's for the body
        loaded[0].ToArray().Should().Equal(saved[0].ToArray());
        loaded[1].ToArray().Should().Equal(saved[1].ToArray());
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926u);
    }

    [Fact]
    public void Read_Should_ReportChecksumMismatch_When_OneByteFlips()
    {
        // Given a saved file with one flipped bit in the values
        var path = Path.Combine(_dir, "m.kosw");
        WeightsFile.Save(path, Model(1));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        // When read, then the error names the file and the checksum
        var act = () => WeightsFile.Read(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*checksum mismatch*");
    }

    [Fact]
    public void Load_Should_ListEveryMismatch_When_ModelDiffers()
    {
        // Given a file from one model
        var path = Path.Combine(_dir, "m.kosw");
        WeightsFile.Save(path, Model(1));

        // When loaded into a model with a different shape and a renamed parameter
        Parameter[] other = [Parameter.CreateZeros("lstm.w_ih", 16, 5), Parameter.CreateZeros("head.b", 3)];
        var act = () => WeightsFile.Load(path, other);

        // Then the message lists the shape mismatch, the missing and the unexpected names
        act.Should().Throw<InvalidDataException>()
            .WithMessage("*'lstm.w_ih' has shape (16, 4) in the file but (16, 5)*missing 'head.b'*unexpected 'head.bias'*");
    }

    [Fact]
    public void Read_Should_RejectForeignFile_When_MagicIsWrong()
    {
        var path = Path.Combine(_dir, "x.bin");
        File.WriteAllText(path, "this is not a weights file at all");
        var act = () => WeightsFile.Read(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*not a Kosmo weights file*");
    }
}
