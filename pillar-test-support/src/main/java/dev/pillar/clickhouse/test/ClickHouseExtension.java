package dev.pillar.clickhouse.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test that asks for a {@link TestDatabase} parameter a fresh, empty database
 * on the {@link ClickHouseServer#shared() shared server}, and drops it after the test.
 */
public final class ClickHouseExtension implements ParameterResolver, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ClickHouseExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == TestDatabase.class || type == ClickHouseServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		ClickHouseServer server = ClickHouseServer.shared();
		if (parameterContext.getParameter().getType() == ClickHouseServer.class) {
			return server;
		}
		return extensionContext.getStore(NAMESPACE)
			.computeIfAbsent("database", (key) -> server.createDatabase(), TestDatabase.class);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		TestDatabase database = context.getStore(NAMESPACE).remove("database", TestDatabase.class);
		if (database != null) {
			database.drop();
		}
	}

}
