package io.netmaker.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The rule that no two packages of a program depend on each other, directly or around a loop: every package is
 * its own slice (a subpackage is a slice of its own, not part of its parent), read from the compiled main classes
 * as ArchUnit reads them (imports, field and method types, calls, annotations).
 */
public final class PackageCycles {
    private PackageCycles() {}

    /** Fails naming every cycle among the packages under {@code root} (the root package included). */
    public static void assertNone(String root) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(root);
        SlicesRuleDefinition.slices().assignedFrom(new EachPackage(root)).should().beFreeOfCycles()
                .check(classes);
    }

    private record EachPackage(String root) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals(root) || pkg.startsWith(root + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package under " + root;
        }
    }
}
