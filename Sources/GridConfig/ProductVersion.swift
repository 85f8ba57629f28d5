/// GridDuty's version, the one place it is written: `gridctl --version`, `gridd --version`,
/// and the Debian package's version (`scripts/build-deb.sh` asks the built gridctl).
public enum ProductVersion {
    public static let string = "0.1.0"
}
