def dir = new File(basedir, 'src/main/resources/db/clickhouse')
def ups = dir.listFiles().findAll { it.name ==~ /V\d{14}__create_events\.sql/ }
assert ups.size() == 1 : "no V file in ${dir}: ${dir.list()}"
def version = (ups[0].name =~ /V(\d{14})__/)[0][1]
def down = new File(dir, "U${version}__create_events.sql")
assert down.isFile()
assert ups[0].text.startsWith("-- Migration ${version} (create_events): the statements that apply it")
assert down.text.startsWith("-- Undoes migration ${version} (create_events)")
assert new File(basedir, "target/classes/db/clickhouse/V${version}__create_events.sql").isFile()
def log = new File(basedir, 'build.log').text
assert log.contains("Created migration ${version} (create_events): ")
return true
