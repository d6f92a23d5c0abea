package com.changebank;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.changebank.platform.mvc.CsrfField;
import com.changebank.platform.mvc.SessionCsrfTokens;
import com.changebank.platform.openid.ProviderClient;
import com.changebank.platform.openid.ProviderSettings;
import com.changebank.platform.openid.PublicAddress;
import com.changebank.platform.session.SessionCookieSameSite;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * ChangeBank's own code and the platform's repairs ({@code com.changebank.platform}) stay apart: no package cycle,
 * no repair that knows ChangeBank's own code, and ChangeBank's own code reaching the repairs only through their
 * entry points.
 */
class ArchitectureTest {

    private static final String REPAIRS = "com.changebank.platform..";
    private static final Class<?>[] ENTRY_POINTS = {
        ProviderSettings.class, ProviderClient.class, PublicAddress.class, SessionCsrfTokens.class, CsrfField.class,
        SessionCookieSameSite.class};

    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.changebank");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("com.changebank.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void repairsDoNotKnowChangeBanksOwnCode() {
        noClasses().that().resideInAPackage(REPAIRS)
                .should().dependOnClassesThat(resideInAPackage("com.changebank..").and(not(resideInAPackage(REPAIRS))))
                .check(main);
    }

    @Test
    void changeBanksOwnCodeReachesTheRepairsOnlyThroughTheirEntryPoints() {
        noClasses().that().resideOutsideOfPackage(REPAIRS)
                .should().dependOnClassesThat(resideInAPackage(REPAIRS).and(not(belongToAnyOf(ENTRY_POINTS))))
                .check(main);
    }
}
