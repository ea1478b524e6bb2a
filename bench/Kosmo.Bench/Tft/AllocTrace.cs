using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Kosmo.Bench.Tft;

/// <summary>Samples allocations (the runtime's GCAllocationTick, about one event per 100 KB) by type name.</summary>
internal sealed class AllocTrace : EventListener
{
    public ConcurrentDictionary<string, long> Bytes { get; } = new();

    public bool On { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var i = e.PayloadNames!.IndexOf("TypeName");
        var j = e.PayloadNames!.IndexOf("AllocationAmount64");
        var name = i >= 0 ? e.Payload[i]?.ToString() ?? "?" : "?";
        var amount = j >= 0 ? Convert.ToInt64(e.Payload[j], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        Bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
    }
}
