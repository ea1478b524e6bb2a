namespace Kosmo.Experiment;

/// <summary>
/// Wall time and memory of one step or (model, fold) cell, for RUN/timing.json (never metrics.json: it varies run to run).
/// </summary>
/// <param name="Name">Step name, or MODEL/fold-N for a cell.</param>
/// <param name="Seconds">Wall seconds.</param>
/// <param name="CpuSeconds">CPU seconds of the whole process (all threads) during it: on a loaded machine a steadier figure than wall time.</param>
/// <param name="PeakRssMb">Peak resident set during it, MB (10^6 bytes).</param>
/// <param name="RssEndMb">Resident set at its end, MB.</param>
/// <param name="HeapEndMb">Managed heap after the last collection at its end, MB.</param>
internal sealed record MemoryReading(string Name, double Seconds, double CpuSeconds, double PeakRssMb, double RssEndMb, double HeapEndMb);
