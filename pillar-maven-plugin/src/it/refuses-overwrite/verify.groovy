def file = new File(basedir, 'src/main/java/com/example/migrations/CreateUsersTable.java')
def log = new File(basedir, 'build.log').text
assert log.contains('CreateUsersTable.java already exists; nothing was written.')
assert log.contains('Pick another name, or delete the file first.')
assert file.text.contains('// Hand-written: the goal must leave it alone')
assert !file.text.contains('@ClickHouseMigration')
def files = []
new File(basedir, 'src').eachFileRecurse(groovy.io.FileType.FILES) { files << it }
assert files.size() == 1 : "nothing else may be written: ${files}"
return true
