using SQLitePCL;

namespace Kosmo.Data.Panel;

/// <summary>Column accessors of a stepping statement, as static members so the bar loop is specialised per implementation.</summary>
internal interface IColumns
{
    static abstract int Step(sqlite3_stmt stmt, IntPtr ptr);

    static abstract ReadOnlySpan<byte> Blob(sqlite3_stmt stmt, IntPtr ptr, int column);

    static abstract int Int(sqlite3_stmt stmt, IntPtr ptr, int column);

    static abstract int Type(sqlite3_stmt stmt, IntPtr ptr, int column);

    static abstract double Double(sqlite3_stmt stmt, IntPtr ptr, int column);
}

/// <summary>Direct e_sqlite3 calls on the raw statement pointer (<see cref="NativeSqlite"/>).</summary>
internal readonly struct NativeColumns : IColumns
{
    public static int Step(sqlite3_stmt stmt, IntPtr ptr) => NativeSqlite.Step(ptr);

    public static unsafe ReadOnlySpan<byte> Blob(sqlite3_stmt stmt, IntPtr ptr, int column)
    {
        var p = NativeSqlite.ColumnBlob(ptr, column);
        return p == null ? [] : new ReadOnlySpan<byte>(p, NativeSqlite.ColumnBytes(ptr, column));
    }

    public static int Int(sqlite3_stmt stmt, IntPtr ptr, int column) => NativeSqlite.ColumnInt(ptr, column);

    public static int Type(sqlite3_stmt stmt, IntPtr ptr, int column) => NativeSqlite.ColumnType(ptr, column);

    public static double Double(sqlite3_stmt stmt, IntPtr ptr, int column) => NativeSqlite.ColumnDouble(ptr, column);
}

/// <summary>The portable SQLitePCLRaw calls (used when e_sqlite3 cannot be bound directly).</summary>
internal readonly struct SafeColumns : IColumns
{
    public static int Step(sqlite3_stmt stmt, IntPtr ptr) => raw.sqlite3_step(stmt);

    public static ReadOnlySpan<byte> Blob(sqlite3_stmt stmt, IntPtr ptr, int column) => raw.sqlite3_column_blob(stmt, column);

    public static int Int(sqlite3_stmt stmt, IntPtr ptr, int column) => raw.sqlite3_column_int(stmt, column);

    public static int Type(sqlite3_stmt stmt, IntPtr ptr, int column) => raw.sqlite3_column_type(stmt, column);

    public static double Double(sqlite3_stmt stmt, IntPtr ptr, int column) => raw.sqlite3_column_double(stmt, column);
}
