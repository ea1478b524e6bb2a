using System.Globalization;

namespace Kosmo.Experiment;

/// <summary>
/// A profiling aid: with the environment variable <c>KOSMO_MEMLOG=FILE</c>, a background timer appends one line per
/// second to FILE: seconds since start, RSS, managed heap (GC.GetTotalMemory without collecting), the last GC's
/// heap size, committed and fragmented bytes (MB), and the gen0/1/2 collection counts. Off (no thread) otherwise.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer? _timer;
    private readonly StreamWriter? _writer;
    private readonly DateTime _start = DateTime.UtcNow;
    private readonly Lock _gate = new();
    private bool _disposed;

    private MemorySampler(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
        _writer.WriteLine("s,rss_mb,total_memory_mb,heap_mb,committed_mb,fragmented_mb,gen0,gen1,gen2");
        _timer = new Timer(_ => Sample(), null, 0, 1000);
    }

    /// <summary>Starts sampling when <c>KOSMO_MEMLOG</c> is set.</summary>
    public static MemorySampler FromEnvironment() => new(Environment.GetEnvironmentVariable("KOSMO_MEMLOG"));

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _writer?.Dispose();
        }
    }

    private void Sample()
    {
        var info = GC.GetGCMemoryInfo();
        var line = string.Join(',', new[]
        {
            (DateTime.UtcNow - _start).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            MemoryProbe.Mb(MemoryProbe.RssBytes()).ToString(CultureInfo.InvariantCulture),
            MemoryProbe.Mb(GC.GetTotalMemory(false)).ToString(CultureInfo.InvariantCulture),
            MemoryProbe.Mb(info.HeapSizeBytes).ToString(CultureInfo.InvariantCulture),
            MemoryProbe.Mb(info.TotalCommittedBytes).ToString(CultureInfo.InvariantCulture),
            MemoryProbe.Mb(info.FragmentedBytes).ToString(CultureInfo.InvariantCulture),
            GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
            GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
            GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
        });
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer?.WriteLine(line);
            }
        }
    }
}
