using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kosmo.Data.Panel;

/// <summary>
/// Direct, blittable calls into the bundled e_sqlite3 library for the hot column accessors of the bar scan. SQLitePCLRaw
/// wraps each call in an interface dispatch and SafeHandle ref-counting, which costs more than SQLite's own work when
/// 13 columns of 8 M rows are read; these take the raw statement pointer instead (the statement is kept alive by the
/// caller's SafeHandle). <see cref="IsAvailable"/> is false when the library cannot be bound; callers then use SQLitePCLRaw.
/// </summary>
internal static unsafe partial class NativeSqlite
{
    private const string Library = "e_sqlite3";

    private static readonly Lazy<bool> _available = new(Probe);

    /// <summary>True when e_sqlite3 could be bound directly.</summary>
    public static bool IsAvailable => _available.Value;

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    internal static partial int Step(IntPtr stmt);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double")]
    [SuppressGCTransition]
    internal static partial double ColumnDouble(IntPtr stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int")]
    [SuppressGCTransition]
    internal static partial int ColumnInt(IntPtr stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    internal static partial int ColumnType(IntPtr stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    internal static partial byte* ColumnBlob(IntPtr stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    internal static partial int ColumnBytes(IntPtr stmt, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_libversion_number")]
    private static partial int LibVersionNumber();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Probe()
    {
        try
        {
            return LibVersionNumber() >= 3_008_000;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
