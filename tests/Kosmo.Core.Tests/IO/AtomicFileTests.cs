using System.Text;
using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) { Directory.Delete(_dir, recursive: true); }
    }

    [Fact]
    public void WriteAllText_Should_WriteTheSameBytesAsFileWriteAllText_When_GivenText()
    {
        // Given text with non-ASCII characters and both line ends, and a folder that does not exist yet
        const string text = "date,name\n2024-01-02,삼성전자 — ±30%\r\nlast";
        var path = Path.Combine(_dir, "sub", "a.csv");
        var reference = Path.Combine(_dir, "reference.csv");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(reference, text);

        // When it is written atomically
        AtomicFile.WriteAllText(path, text);

        // Then the bytes are those of File.WriteAllText (UTF-8 without BOM, text as given), and no temp file is left
        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(reference));
        Directory.GetFiles(Path.Combine(_dir, "sub")).Should().ContainSingle();
    }

    [Fact]
    public void Write_Should_UseNewlineLineEnds_When_WritingLines()
    {
        var path = Path.Combine(_dir, "lines.txt");

        AtomicFile.Write(path, w =>
        {
            w.WriteLine("a");
            w.WriteLine("b");
        });

        File.ReadAllBytes(path).Should().Equal(Encoding.UTF8.GetBytes("a\nb\n"));
    }

    [Fact]
    public void Write_Should_KeepTheOldFileAndLeaveNoTempFile_When_TheWriterFails()
    {
        // Given an existing file
        var path = Path.Combine(_dir, "metrics.json");
        AtomicFile.WriteAllText(path, "old\n");

        // When a write fails half way
        var act = () => AtomicFile.Write(path, w =>
        {
            w.WriteLine("new, half written");
            throw new IOException("disk full");
        });

        // Then the error comes through, the old content stays, and the temp file is gone
        act.Should().Throw<IOException>().WithMessage("disk full");
        File.ReadAllText(path).Should().Be("old\n");
        File.Exists(AtomicFile.TempPath(Path.GetFullPath(path))).Should().BeFalse();
        Directory.GetFiles(_dir).Should().ContainSingle();
    }

    [Fact]
    public void WriteBytes_Should_ReplaceTheFile_When_ItExists()
    {
        var path = Path.Combine(_dir, "w.bin");
        AtomicFile.WriteBytes(path, s => s.Write([1, 2, 3]));

        AtomicFile.WriteBytes(path, s => s.Write([9]));

        File.ReadAllBytes(path).Should().Equal([9]);
    }
}
