namespace Kosmo.Data.Panel;

/// <summary>One row of the <c>sources</c> table: a provenance tag on bars.</summary>
/// <param name="Id">sources.source_id.</param>
/// <param name="Name">marcap, pykrx, fdr, yahoo, synthetic, csv, ...</param>
/// <param name="Basis">How the source's prices relate to raw KRX prices.</param>
/// <param name="Precedence">Higher wins when two sources hold the same (code, date).</param>
public sealed record SourceDescriptor(int Id, string Name, PriceBasis Basis, int Precedence);
