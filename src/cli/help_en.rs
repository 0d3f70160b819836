//! The English of every help text (about, argument help, the prose and example comments of
//! `after_help`), keyed by the Spanish written in the doc comments. `help::tests` walks the whole
//! command tree: a help text without its English here fails the build's tests, and so does an
//! entry no command uses any more.

/// (Spanish as written in the source, English).
pub const EN: &[(&str, &str)] = &[
    (
        "SaludYa: la recepción de la clínica en un solo programa, sin conexión",
        "SaludYa: the clinic's front desk in one offline program",
    ),
    ("Ejemplos:", "Examples:"),
    (
        "La base de datos: copiar una clínica entera entre SQLite y PostgreSQL",
        "The database: copy a whole clinic between SQLite and PostgreSQL",
    ),
    (
        "El destino debe no existir (archivo) o estar vacío (base PostgreSQL: `createdb -O saludya saludya`).\nLa contraseña de PostgreSQL va en ~/.pgpass o PGPASSWORD, nunca en la dirección.",
        "The target must not exist (a file) or be empty (a PostgreSQL database: `createdb -O saludya saludya`).\nThe PostgreSQL password goes in ~/.pgpass or PGPASSWORD, never in the address.",
    ),
    (
        "Copia la clínica entera a otra base (SQLite ⇄ PostgreSQL), con los mismos ids, y la verifica",
        "Copies the whole clinic to another database (SQLite ⇄ PostgreSQL), with the same ids, and verifies it",
    ),
    (
        "Base de origen: archivo o postgres://USUARIO@SERVIDOR/BASE (con sesión de admin en ella)",
        "Source database: a file or postgres://USER@HOST/DB (with an admin's session in it)",
    ),
    (
        "Base de destino: un archivo que no existe, o una base PostgreSQL vacía",
        "Target database: a file that does not exist, or an empty PostgreSQL database",
    ),
    (
        "base de demostración y la interfaz de recepción",
        "demo database and the reception UI",
    ),
    (
        "crear la base y el primer administrador",
        "create the database and the first admin",
    ),
    (
        "Códigos de salida: 0 ok · 1 error interno · 2 entrada no válida\n· 3 sin sesión o sin permiso · 4 no encontrado · 5 conflicto · 6 pago rechazado",
        "Exit codes: 0 ok · 1 internal error · 2 invalid input\n· 3 not logged in or not allowed · 4 not found · 5 conflict · 6 payment declined",
    ),
    (
        "Archivo de base de datos (por defecto en el directorio de datos del usuario), o una base PostgreSQL: postgres://USUARIO@SERVIDOR/BASE (la contraseña, en ~/.pgpass o PGPASSWORD)",
        "Database file (by default in the user's data directory), or a PostgreSQL database: postgres://USER@HOST/DB (the password in ~/.pgpass or PGPASSWORD)",
    ),
    (
        "Formato de salida (por defecto: table)",
        "Output format (default: table)",
    ),
    (
        "Idioma de los mensajes: es | en (por defecto el de la clínica)",
        "Language of the messages: es | en (by default the clinic's)",
    ),
    (
        "Silencioso: sin mensajes informativos en stderr",
        "Quiet: no informational messages on stderr",
    ),
    (
        "Tablas con todas las columnas enteras, aunque no quepan en la terminal",
        "Tables with every column whole, even when they do not fit the terminal",
    ),
    (
        "Colores en la terminal: auto (no con NO_COLOR), always, never",
        "Colours on the terminal: auto (none with NO_COLOR), always, never",
    ),
    (
        "Página de manual (roff) de saludya o de un comando, en el idioma del lector",
        "Manual page (roff) of saludya or of a command, in the reader's language",
    ),
    (
        "una página por comando; luego: man saludya-patient",
        "one page per command; then: man saludya-patient",
    ),
    (
        "Comando cuya página mostrar (por defecto la de saludya), p. ej. `patient add`",
        "Command whose page to show (by default saludya's), e.g. `patient add`",
    ),
    (
        "Escribir en esta carpeta una página por comando (desde el indicado)",
        "Write one page per command (from the one given) into this folder",
    ),
    (
        "Crea la base de datos, aplica migraciones, carga el catálogo y el primer administrador",
        "Creates the database, runs the migrations, loads the catalog and the first admin",
    ),
    ("Correo del primer administrador", "E-mail of the first admin"),
    ("Nombre del primer administrador", "Name of the first admin"),
    (
        "Leer la contraseña de la entrada estándar (si no, se pide en un aviso oculto)",
        "Read the password from standard input (else it is asked in a hidden prompt)",
    ),
    (
        "No cargar el catálogo de ejemplo (especialidades, médicos, horarios)",
        "Do not load the sample catalog (specialties, doctors, schedules)",
    ),
    (
        "Inicia sesión (la contraseña por --password-stdin o en un aviso oculto)",
        "Logs in (the password by --password-stdin or in a hidden prompt)",
    ),
    ("Correo de la cuenta", "E-mail of the account"),
    (
        "Leer la contraseña de la entrada estándar",
        "Read the password from standard input",
    ),
    ("Cierra la sesión actual", "Closes the current session"),
    ("Ejemplo:", "Example:"),
    ("Muestra quién tiene la sesión abierta", "Shows who is logged in"),
    ("Cuentas del personal (solo admin)", "Staff accounts (admin only)"),
    (
        "Crea una cuenta (contraseña por --password-stdin o aviso oculto)",
        "Creates an account (password by --password-stdin or a hidden prompt)",
    ),
    (
        "Correo de la cuenta nueva (con él inicia sesión)",
        "E-mail of the new account (it logs in with it)",
    ),
    ("admin | receptionist", "admin | receptionist"),
    ("Nombre completo (opcional)", "Full name (optional)"),
    ("Lista las cuentas", "Lists the accounts"),
    (
        "Desactiva una cuenta (y cierra sus sesiones); --enable la reactiva",
        "Disables an account (and closes its sessions); --enable enables it again",
    ),
    (
        "Reactiva la cuenta en lugar de desactivarla",
        "Enable the account instead of disabling it",
    ),
    (
        "Cambia la contraseña propia (pide la actual) o, siendo admin, restablece la de otra cuenta (queda registrado)",
        "Changes your own password (asks the current one) or, as an admin, resets another account's (recorded)",
    ),
    (
        "Correo de la cuenta (por defecto la propia)",
        "E-mail of the account (by default your own)",
    ),
    (
        "Leer de la entrada estándar: la actual y la nueva, una por línea (propia), o solo la nueva (restablecer otra)",
        "Read from standard input: the current and the new one, one per line (own), or only the new one (reset another)",
    ),
    (
        "Ajustes de la clínica (nombre, zona horaria, moneda, idioma, duración de la sesión)",
        "Clinic settings (name, time zone, currency, language, session length)",
    ),
    ("Muestra los ajustes", "Shows the settings"),
    (
        "Cambia un ajuste (solo admin): clinic_name, time_zone, currency, language, session_hours, idle_lock_minutes, offer_hold_hours, reminder_template",
        "Changes a setting (admin only): clinic_name, time_zone, currency, language, session_hours, idle_lock_minutes, offer_hold_hours, reminder_template",
    ),
    (
        "clinic_name | time_zone | currency | language | session_hours | idle_lock_minutes | offer_hold_hours | reminder_template",
        "clinic_name | time_zone | currency | language | session_hours | idle_lock_minutes | offer_hold_hours | reminder_template",
    ),
    ("vuelve al mensaje predeterminado", "back to the default message"),
    (
        "Marcadores de reminder_template: {nombre} {fecha} {hora} {doctor} {especialidad} {clinica}\n(para una llave, {{ o }}).",
        "Placeholders of reminder_template: {nombre} {fecha} {hora} {doctor} {especialidad} {clinica}\n(English aliases {name} {date} {time} {specialty} {clinic}; for a brace, {{ or }}).",
    ),
    (
        "Valor nuevo, p. ej. \"Clínica San Martín\", America/Lima, PEN, es, 12, 10",
        "New value, e.g. \"Clínica San Martín\", America/Lima, PEN, es, 12, 10",
    ),
    (
        "Genera el autocompletado para bash, zsh o fish",
        "Prints the shell completion script for bash, zsh or fish",
    ),
    ("bash | zsh | fish", "bash | zsh | fish"),
    (
        "Copia de seguridad consistente de la base (`backup ARCHIVO`) y su verificación (`backup check`)",
        "Consistent backup of the database (`backup FILE`) and its check (`backup check`)",
    ),
    (
        "copia consistente, con otras cajas trabajando",
        "consistent copy, while other desks keep working",
    ),
    ("reemplaza una copia anterior", "replaces an earlier copy"),
    ("verifica la base en uso", "checks the database in use"),
    (
        "Restaurar: `saludya restore COPIA.db --force` (verifica la copia, se niega si otra\ncaja tiene la base abierta, guarda aparte la base anterior y sus -wal/-shm con la hora en el\nnombre, instala la copia de forma atómica y la verifica).",
        "Restore: `saludya restore COPY.db --force` (checks the copy, refuses while another desk\nhas the database open, keeps the old database and its -wal/-shm aside with the time in the\nname, installs the copy atomically and checks it).",
    ),
    (
        "Archivo donde escribir la copia (no se sobrescribe sin --force)",
        "File to write the copy to (not overwritten without --force)",
    ),
    ("Reemplazar FILE si ya existe", "Replace FILE if it exists"),
    (
        "Verifica una copia (o la base en uso): integridad, claves foráneas y versión del esquema",
        "Checks a copy (or the database in use): integrity, foreign keys and schema version",
    ),
    (
        "Archivo a verificar (por defecto la base en uso)",
        "File to check (by default the database in use)",
    ),
    (
        "Restaura una copia hecha con `saludya backup` (guarda aparte la base anterior)",
        "Restores a copy made with `saludya backup` (keeps the old database aside)",
    ),
    ("donde aún no hay base", "where there is no database yet"),
    (
        "reemplaza la base (la anterior se guarda aparte)",
        "replaces the database (the old one is kept aside)",
    ),
    (
        "Cierre SaludYa en todas las cajas antes: con la base abierta en otra caja se niega (código 5).",
        "Close SaludYa at every desk first: while another desk has the database open it refuses (exit 5).",
    ),
    (
        "Copia hecha con `saludya backup`",
        "Copy made with `saludya backup`",
    ),
    (
        "Reemplazar la base existente (se guarda aparte, no se borra)",
        "Replace the existing database (kept aside, never deleted)",
    ),
    (
        "Verificación rápida de la base en uso (PRAGMA quick_check); código 1 si está dañada",
        "Quick check of the database in use (PRAGMA quick_check); exit 1 if it is damaged",
    ),
    (
        "Base de demostración con catálogo, cuentas de prueba y pacientes de ejemplo",
        "Demo database with the catalog, test accounts and sample patients",
    ),
    (
        "base de demostración en el directorio de datos del usuario",
        "demo database in the user's data directory",
    ),
    ("(volumen para pruebas)", "(volume for tests)"),
    (
        "Volver a ejecutarlo reutiliza la base: conserva las cuentas y agrega los pacientes que falten.",
        "Running it again reuses the database: keeps the accounts and adds the patients still missing.",
    ),
    (
        "Pacientes de ejemplo que debe tener la base (se agregan solo los que falten)",
        "Sample patients the database must hold (only the missing ones are added)",
    ),
    (
        "Citas de ejemplo que debe tener la base: historial y reservas futuras en todos los estados, con pagos (se agregan solo las que falten; 1 millón tarda segundos en la versión release)",
        "Sample appointments the database must hold: history and future bookings in every status, with payments (only the missing ones are added; 1 million takes seconds in a release build)",
    ),
    (
        "Semilla de los datos de ejemplo: la misma semilla da los mismos pacientes",
        "Seed of the sample data: the same seed gives the same patients",
    ),
    (
        "Pacientes: registrar, ver, editar, buscar y listar",
        "Patients: register, show, edit, search and list",
    ),
    (
        "por DNI, id, prefijo de id (6+) o ce:NÚMERO",
        "by DNI, id, id prefix (6+) or ce:NUMBER",
    ),
    (
        "(un valor vacío borra el dato)",
        "(an empty value clears the field)",
    ),
    (
        "nombre en cualquier orden, sin tildes ni mayúsculas",
        "name words in any order, accents and case ignored",
    ),
    ("prefijo de documento", "document prefix"),
    (
        "Reglas: DNI 8 dígitos · CE 9 dígitos · pasaporte 6-12 letras o dígitos · teléfono sin\ncódigo de país = Perú (celular de 9 dígitos que empieza con 9, fijo 01 + 7 dígitos o 0AA + 6) ·\nnacimiento AAAA-MM-DD, no futuro, no antes de 1900.",
        "Rules: DNI 8 digits · CE 9 digits · passport 6-12 letters or digits · a phone without\ncountry code is Peruvian (a 9-digit mobile starting with 9, landline 01 + 7 digits or 0AA + 6) ·\nbirth date YYYY-MM-DD, not in the future, not before 1900.",
    ),
    (
        "Registra un paciente (avisa si parece un duplicado: mismo nombre y fecha de nacimiento)",
        "Registers a patient (warns when it looks like a duplicate: same name and birth date)",
    ),
    (
        "Número de documento: DNI de 8 dígitos, u otro documento con --doc-type",
        "Document number: an 8-digit DNI, or another document with --doc-type",
    ),
    (
        "Tipo de documento: dni | ce (carné de extranjería, 9 dígitos) | passport (6-12 letras o dígitos)",
        "Document type: dni | ce (foreigner's card, 9 digits) | passport (6-12 letters or digits)",
    ),
    ("Nombres", "First names"),
    ("Apellidos", "Last names"),
    (
        "Correo electrónico (único por paciente)",
        "E-mail (unique per patient)",
    ),
    (
        "Teléfono; sin código de país se entiende Perú (+51)",
        "Phone; without a country code it is taken as Peru (+51)",
    ),
    ("Fecha de nacimiento AAAA-MM-DD", "Birth date YYYY-MM-DD"),
    ("Sexo: f | m", "Sex: f | m"),
    (
        "Muestra un paciente (por DNI, id o prefijo de id)",
        "Shows a patient (by DNI, id or id prefix)",
    ),
    (
        "DNI (u otro documento), id, prefijo de id (6+ caracteres) o TIPO:NÚMERO (ce:001234567)",
        "DNI (or another document), id, id prefix (6+ characters) or TYPE:NUMBER (ce:001234567)",
    ),
    (
        "Cambia datos de un paciente; un valor vacío (\"\") borra correo, teléfono, nacimiento o sexo",
        "Changes a patient's data; an empty value (\"\") clears e-mail, phone, birth date or sex",
    ),
    (
        "DNI (u otro documento), id, prefijo de id (6+ caracteres) o TIPO:NÚMERO",
        "DNI (or another document), id, id prefix (6+ characters) or TYPE:NUMBER",
    ),
    ("Nuevo número de documento", "New document number"),
    (
        "Nuevo tipo de documento: dni | ce | passport",
        "New document type: dni | ce | passport",
    ),
    ("Nuevos nombres", "New first names"),
    ("Nuevos apellidos", "New last names"),
    ("Correo (\"\" lo borra)", "E-mail (\"\" clears it)"),
    ("Teléfono (\"\" lo borra)", "Phone (\"\" clears it)"),
    (
        "Fecha de nacimiento AAAA-MM-DD (\"\" la borra)",
        "Birth date YYYY-MM-DD (\"\" clears it)",
    ),
    ("Sexo f | m (\"\" lo borra)", "Sex f | m (\"\" clears it)"),
    (
        "Busca por prefijo de documento o de nombres y apellidos (cualquier orden, sin tildes)",
        "Searches by document prefix or by first and last names (any order, accents ignored)",
    ),
    (
        "Texto: parte del DNI/documento, o palabras del nombre (\"garcia ana\")",
        "Text: part of the DNI/document, or words of the name (\"garcia ana\")",
    ),
    ("Máximo de resultados", "Maximum number of results"),
    (
        "Lista pacientes por apellidos, una página a la vez",
        "Lists patients by last name, one page at a time",
    ),
    (
        "Cuántos saltar desde el inicio",
        "How many to skip from the start",
    ),
    ("Especialidades de la clínica", "The clinic's specialties"),
    (
        "Lista las especialidades con su descripción y cuántos médicos activos tienen",
        "Lists the specialties with their description and how many active doctors they have",
    ),
    (
        "Médicos: lista, ficha, alta, cambios, horario semanal y descansos",
        "Doctors: list, profile, add, changes, weekly schedule and time off",
    ),
    (
        "Lista los médicos (activos, por valoración) con filtros",
        "Lists the doctors (active ones, by rating) with filters",
    ),
    (
        "Especialidad: nombre (sin importar tildes ni mayúsculas), inicio del nombre o id",
        "Specialty: name (accents and case ignored), start of the name, or id",
    ),
    ("Valoración mínima (0.0–5.0)", "Minimum rating (0.0–5.0)"),
    (
        "Precio máximo de la consulta (p. ej. 150 o 150.50)",
        "Maximum consultation price (e.g. 150 or 150.50)",
    ),
    (
        "Orden: rating | price | experience | name",
        "Order: rating | price | experience | name",
    ),
    (
        "Incluir a los médicos desactivados",
        "Include deactivated doctors",
    ),
    (
        "Muestra un médico con su horario semanal, sus descansos próximos y su historial de cambios",
        "Shows a doctor with the weekly schedule, upcoming time off and the history of changes",
    ),
    (
        "Id, prefijo del id (6+ caracteres) o nombre único (\"quispe\")",
        "Id, id prefix (6+ characters) or a unique name (\"quispe\")",
    ),
    ("Agrega un médico (solo admin)", "Adds a doctor (admin only)"),
    ("Nombres del médico", "The doctor's first names"),
    ("Apellidos del médico", "The doctor's last names"),
    ("Especialidad (nombre o id)", "Specialty (name or id)"),
    (
        "Número del Colegio Médico del Perú",
        "Number in the Colegio Médico del Perú (CMP)",
    ),
    ("Valoración 0.0–5.0, un decimal", "Rating 0.0–5.0, one decimal"),
    ("Años de experiencia", "Years of experience"),
    (
        "Precio de la consulta (p. ej. 120 o 120.50)",
        "Consultation price (e.g. 120 or 120.50)",
    ),
    ("URL https:// de la foto", "https:// URL of the photo"),
    (
        "Horario semanal, p. ej. \"lun-vie 08:00-13:00/20\" (se puede repetir)",
        "Weekly schedule, e.g. \"lun-vie 08:00-13:00/20\" (may be repeated)",
    ),
    (
        "Cambia precio, valoración, experiencia, foto, especialidad o estado (solo admin; queda en el historial)",
        "Changes price, rating, experience, photo, specialty or status (admin only; kept in the history)",
    ),
    (
        "Id, prefijo del id o nombre único",
        "Id, id prefix or a unique name",
    ),
    (
        "Nuevo precio de la consulta (las citas ya reservadas conservan su precio)",
        "New consultation price (appointments already booked keep their price)",
    ),
    (
        "Nueva valoración 0.0–5.0, un decimal",
        "New rating 0.0–5.0, one decimal",
    ),
    ("Nuevos años de experiencia", "New years of experience"),
    (
        "Nueva URL de la foto (\"\" la quita)",
        "New photo URL (\"\" removes it)",
    ),
    ("Nueva especialidad", "New specialty"),
    (
        "Desactiva al médico (se conservan él y sus citas; deja de aparecer y no se le puede reservar)",
        "Deactivates the doctor (the doctor and the appointments are kept; no longer listed, cannot be booked)",
    ),
    (
        "Reactiva a un médico desactivado",
        "Reactivates a deactivated doctor",
    ),
    (
        "Reemplaza el horario semanal (solo admin): --set \"lun-vie 08:00-13:00/20\" --set \"sab 09:00-12:00/30\"",
        "Replaces the weekly schedule (admin only): --set \"lun-vie 08:00-13:00/20\" --set \"sab 09:00-12:00/30\"",
    ),
    (
        "Bloque(s) del horario: \"DÍAS HH:MM-HH:MM/MIN\", días lun..dom o mon..sun, rangos \"lun-vie\" o listas \"lun,mie\"",
        "Schedule block(s): \"DAYS HH:MM-HH:MM/MIN\", days lun..dom or mon..sun, ranges \"mon-fri\" or lists \"mon,wed\"",
    ),
    (
        "Deja al médico sin horario (no recibe citas nuevas)",
        "Leaves the doctor without a schedule (no new appointments)",
    ),
    (
        "Registra un descanso del médico (solo admin); lista las citas activas que caen dentro, sin cancelarlas",
        "Records a doctor's time off (admin only); lists the active appointments inside it, without cancelling them",
    ),
    (
        "Desde \"AAAA-MM-DD HH:MM\" (hora de la clínica)",
        "From \"YYYY-MM-DD HH:MM\" (clinic time)",
    ),
    (
        "Hasta \"AAAA-MM-DD HH:MM\" (excluido)",
        "To \"YYYY-MM-DD HH:MM\" (excluded)",
    ),
    (
        "Motivo (vacaciones, congreso, licencia…)",
        "Reason (holidays, congress, leave…)",
    ),
    (
        "Lista los descansos vigentes y próximos",
        "Lists current and upcoming time off",
    ),
    ("Solo los de este médico", "Only this doctor's"),
    (
        "Horarios libres de un médico o de una especialidad, del más próximo al más lejano",
        "Free slots of a doctor or a specialty, earliest first",
    ),
    (
        "Médico: id, prefijo del id o nombre único",
        "Doctor: id, id prefix or a unique name",
    ),
    (
        "Especialidad: nombre (sin importar tildes), inicio del nombre o id",
        "Specialty: name (accents ignored), start of the name, or id",
    ),
    (
        "Primer día AAAA-MM-DD (por defecto hoy)",
        "First day YYYY-MM-DD (default today)",
    ),
    ("Cuántos días buscar (1–366)", "How many days to search (1–366)"),
    (
        "Máximo de horarios (0 = todos)",
        "Maximum number of slots (0 = all)",
    ),
    (
        "Citas: reservar, ver, agenda, historial, reprogramar, cancelar, llegada, atendida, no asistió",
        "Appointments: book, show, agenda, history, reschedule, cancel, check-in, complete, no-show",
    ),
    ("horarios libres", "free slots"),
    ("cobrar y confirmar", "take the payment and confirm"),
    ("8 semanas seguidas", "8 weeks in a row"),
    ("agenda del día", "the day's agenda"),
    (
        "Reserva una cita (queda «booked» hasta el pago); precio, médico y especialidad salen del catálogo",
        "Books an appointment (it stays «booked» until paid); price, doctor and specialty come from the catalog",
    ),
    (
        "Paciente: id, prefijo del id o DNI",
        "Patient: id, id prefix or DNI",
    ),
    (
        "Hora de inicio \"AAAA-MM-DD HH:MM\" (hora de la clínica)",
        "Start time \"YYYY-MM-DD HH:MM\" (clinic time)",
    ),
    ("Notas para el médico", "Notes for the doctor"),
    (
        "Id de la orientación (`saludya orient`) que llevó a esta cita",
        "Id of the orientation (`saludya orient`) that led to this appointment",
    ),
    (
        "Serie con el mismo médico a la misma hora: weekly (semanal), biweekly (cada dos semanas) o monthly (mensual: el mismo día del mes, o el último día en los meses que no lo tienen)",
        "A series with the same doctor at the same time: weekly, biweekly (every two weeks) or monthly (the same day of the month, or the last day in months without it)",
    ),
    (
        "Cuántas citas tiene la serie, la primera incluida: de 2 a 52, y la última a lo más un año después de la primera",
        "How many appointments the series has, the first included: 2 to 52, the last at most a year after the first",
    ),
    (
        "Esta cita y las siguientes de su serie, cada una movida lo mismo (todas o ninguna)",
        "This appointment and the following ones of its series, each moved by the same amount (all or none)",
    ),
    (
        "Esta cita y las siguientes de su serie (las reservadas o pagadas; cada pagada se devuelve)",
        "This appointment and the following ones of its series (those booked or paid; each paid one is refunded)",
    ),
    (
        "Muestra una cita con su historial de estados",
        "Shows an appointment with its status history",
    ),
    (
        "Id o prefijo del id (6+ caracteres)",
        "Id or id prefix (6+ characters)",
    ),
    (
        "Citas de un paciente, de la más reciente a la más antigua",
        "A patient's appointments, most recent first",
    ),
    (
        "Agenda: citas de un día o rango (por defecto de hoy en adelante)",
        "Agenda: appointments of a day or a range (by default from today on)",
    ),
    ("de hoy en adelante", "from today on"),
    ("Un día AAAA-MM-DD", "One day YYYY-MM-DD"),
    (
        "Desde el día AAAA-MM-DD (incluido)",
        "From day YYYY-MM-DD (included)",
    ),
    (
        "Hasta el día AAAA-MM-DD (incluido)",
        "To day YYYY-MM-DD (included)",
    ),
    ("Solo las de este médico", "Only this doctor's"),
    (
        "Solo las de este estado: booked, confirmed, checked_in, completed, no_show, cancelled",
        "Only those in this status: booked, confirmed, checked_in, completed, no_show, cancelled",
    ),
    (
        "Cambia la hora de una cita (misma cita y mismo pago; libera la hora anterior)",
        "Moves an appointment to another time (same appointment and payment; frees the old time)",
    ),
    (
        "Cita: id o prefijo del id (6+ caracteres)",
        "Appointment: id or id prefix (6+ characters)",
    ),
    ("Nueva hora \"AAAA-MM-DD HH:MM\"", "New time \"YYYY-MM-DD HH:MM\""),
    ("Motivo (queda en el historial)", "Reason (kept in the history)"),
    (
        "Cancela una cita reservada o confirmada (libera la hora; si estaba pagada, devuelve el pago en la misma operación)",
        "Cancels a booked or confirmed appointment (frees the time; if it was paid, refunds the payment in the same operation)",
    ),
    ("Quién cancela: patient | clinic", "Who cancels: patient | clinic"),
    ("Motivo", "Reason"),
    (
        "Registra la llegada del paciente",
        "Records the patient's arrival",
    ),
    (
        "Marca la consulta como atendida",
        "Marks the consultation as completed",
    ),
    (
        "Marca que el paciente no asistió (solo después de la hora de inicio)",
        "Marks that the patient did not come (only after the start time)",
    ),
    (
        "Interfaz de recepción en la terminal (también: sin comando, en una terminal)",
        "The reception UI in the terminal (also: no command, in a terminal)",
    ),
    (
        "Orienta una queja hacia una especialidad (o avisa de una emergencia)",
        "Orients a complaint to a specialty (or warns of an emergency)",
    ),
    (
        "Lo que el paciente cuenta, con sus palabras",
        "What the patient says, in their own words",
    ),
    ("Edad en años", "Age in years"),
    (
        "Paciente (id, prefijo de id o DNI) al que se vincula la consulta",
        "Patient (id, id prefix or DNI) the query is linked to",
    ),
    (
        "CSV con cabecera id,text[,age,sex]: imprime un objeto JSON por fila",
        "CSV with the header id,text[,age,sex]: prints one JSON object per row",
    ),
    (
        "No guardar la consulta (no necesita sesión ni base de datos; usa las 19 especialidades)",
        "Do not store the query (needs no session nor database; uses the 19 specialties)",
    ),
    (
        "Cobra una cita (tarjeta, efectivo, transferencia, Yape o Plin) y la confirma",
        "Takes the payment of an appointment (card, cash, transfer, Yape or Plin) and confirms it",
    ),
    (
        "El monto es el precio guardado en la cita. Una tarjeta rechazada queda registrada (sin datos de la\ntarjeta) y sale con código 6. Con --idempotency-key, repetir el mismo comando devuelve el primer\nresultado (mismo id de transacción) en vez de cobrar dos veces.",
        "The amount is the price stored on the appointment. A declined card is recorded (without card\ndata) and exits 6. With --idempotency-key, repeating the same command returns the first result\n(same transaction id) instead of charging twice.",
    ),
    (
        "Cita a cobrar (id o sus primeros 6+ caracteres)",
        "Appointment to charge (id or its first 6+ characters)",
    ),
    (
        "Medio de pago: card, cash, transfer, yape, plin",
        "Payment method: card, cash, transfer, yape, plin",
    ),
    (
        "Leer la tarjeta de la entrada estándar: número, vencimiento MM/AA y CVV, uno por línea (si no, se piden en avisos ocultos)",
        "Read the card from standard input: number, expiry MM/YY and CVV, one per line (else they are asked in hidden prompts)",
    ),
    (
        "Efectivo: monto entregado (por defecto, el precio exacto); se muestra el vuelto",
        "Cash: amount tendered (by default the exact price); the change is shown",
    ),
    (
        "Transferencia, Yape o Plin: número de operación",
        "Transfer, Yape or Plin: operation number",
    ),
    (
        "Clave para reintentos seguros: el mismo pago repetido con la misma clave no cobra dos veces",
        "Key for safe retries: the same payment repeated with the same key does not charge twice",
    ),
    (
        "Pagos: ver, listar con el cierre de caja por medio de pago, devolver (admin)",
        "Payments: show, list with the cash close per method, refund (admin)",
    ),
    (
        "movimientos de hoy (y, en tabla, los totales)",
        "today's records (and, in a table, the totals)",
    ),
    (
        "[{...}, ...] (un arreglo de movimientos)",
        "[{...}, ...] (an array of records)",
    ),
    (
        "cierre de caja: totales por medio y neto",
        "cash close: totals per method and net",
    ),
    (
        "{\"date\": ..., \"totals\": [...], \"net_cents\": ...}",
        "{\"date\": ..., \"totals\": [...], \"net_cents\": ...}",
    ),
    (
        "todos los movimientos de una cita",
        "every record of one appointment",
    ),
    ("(admin)", "(admin)"),
    (
        "Muestra un pago o devolución (id o prefijo)",
        "Shows a payment or refund (id or prefix)",
    ),
    (
        "Id del pago (o sus primeros 6+ caracteres)",
        "Payment id (or its first 6+ characters)",
    ),
    (
        "Lista los pagos de un día (en JSON, un arreglo; en tabla, seguido de los totales)",
        "Lists a day's payments (in JSON, an array; in a table, followed by the totals)",
    ),
    (
        "Día de la clínica (YYYY-MM-DD; por defecto hoy)",
        "Clinic day (YYYY-MM-DD; default today)",
    ),
    ("Todos los días", "Every day"),
    (
        "Solo este medio: card, cash, transfer, yape, plin",
        "Only this method: card, cash, transfer, yape, plin",
    ),
    (
        "Solo los movimientos de esta cita (id o prefijo), de cualquier día",
        "Only the records of this appointment (id or prefix), of any day",
    ),
    (
        "Cierre de caja de un día: totales por medio de pago y neto",
        "A day's cash close: totals per payment method and net",
    ),
    // reminders, export ics, report day (issue 14, items 3 and 5)
    (
        "Exporta citas como calendario iCalendar (RFC 5545) para el teléfono del médico",
        "Exports appointments as an iCalendar calendar (RFC 5545) for the doctor's phone",
    ),
    (
        "Un médico y un rango de días (por defecto desde hoy, 30 días; como máximo un año), o una cita.\nHoras de la clínica con su zona horaria (VTIMEZONE); una cita cancelada lleva STATUS:CANCELLED.\nCada cita tiene un UID estable: importar otra vez actualiza el mismo evento.",
        "A doctor and a day range (by default from today, 30 days; at most a year), or one appointment.\nThe clinic's times with its time zone (VTIMEZONE); a cancelled appointment has STATUS:CANCELLED.\nEvery appointment has a stable UID: importing again updates the same event.",
    ),
    (
        "Las citas de este médico (id, prefijo o palabras de su nombre)",
        "This doctor's appointments (id, prefix or words of the name)",
    ),
    (
        "Desde este día (YYYY-MM-DD, incluido; por defecto hoy)",
        "From this day (YYYY-MM-DD, included; by default today)",
    ),
    (
        "Hasta este día (YYYY-MM-DD, incluido; por defecto 30 días desde --from)",
        "To this day (YYYY-MM-DD, included; by default 30 days from --from)",
    ),
    (
        "Solo esta cita (id o sus primeros 6+ caracteres)",
        "Only this appointment (id or its first 6+ characters)",
    ),
    (
        "Recordatorios: los pacientes de un día a llamar o escribir, con mensaje y enlace de WhatsApp",
        "Reminders: a day's patients to call or message, with a message and a WhatsApp link",
    ),
    (
        "El mensaje es el ajuste reminder_template de la clínica (saludya settings set reminder_template\n\"...\"), o el predeterminado en el idioma de --lang. No se envía nada: abra el enlace wa.me o llame.\nUn día sin citas no es un error (código 0, listas vacías).",
        "The message is the clinic's reminder_template setting (saludya settings set reminder_template\n\"...\"), or the default in the language of --lang. Nothing is sent: open the wa.me link or call.\nA day without appointments is not an error (exit 0, empty lists).",
    ),
    ("los pacientes de mañana", "tomorrow's patients"),
    (
        "{\"reminders\": [...], \"without_phone\": [...], ...}",
        "{\"reminders\": [...], \"without_phone\": [...], ...}",
    ),
    (
        "mensaje predeterminado en inglés",
        "the default message in English",
    ),
    (
        "Día de las citas (YYYY-MM-DD; por defecto mañana)",
        "Day of the appointments (YYYY-MM-DD; by default tomorrow)",
    ),
    (
        "Informes: el día de un vistazo (citas por médico, ocupación, caja, inasistencia)",
        "Reports: the day at a glance (appointments per doctor, occupancy, takings, no-shows)",
    ),
    ("hoy", "today"),
    (
        "{\"doctors\": [...], \"takings\": {...}, ...}",
        "{\"doctors\": [...], \"takings\": {...}, ...}",
    ),
    (
        "El día de un vistazo: citas por médico (reservadas, pagadas, atendidas, no asistió), ocupación del horario, caja e inasistencia de 30 días",
        "The day at a glance: appointments per doctor (booked, paid, attended, no-show), schedule occupancy, takings and the 30-day no-show rate",
    ),
    (
        "Reservadas: las del día no canceladas. Pagadas: con un pago aprobado sin devolver. Atendidas:\nllegó o atendida. Ocupación: minutos de citas vigentes dentro del horario del médico (sin sus\ndescansos) sobre los minutos de ese horario. Inasistencia de un día: no asistió / (no asistió +\natendidas). La caja es la de `saludya payment close`.",
        "Booked: the day's appointments not cancelled. Paid: with an approved payment not refunded. Attended:\narrived or completed. Occupancy: minutes of appointments holding their slot inside the doctor's\nschedule (time off removed) over that schedule's minutes. A day's no-show rate: no-shows / (no-shows\n+ attended). The takings are those of `saludya payment close`.",
    ),
    (
        "Devuelve un pago aprobado (solo admin): registra un movimiento inverso con su motivo",
        "Refunds an approved payment (admin only): records a reversing entry with its reason",
    ),
    ("Motivo de la devolución", "Reason for the refund"),
    (
        "Exporta la agenda (CSV para Excel o JSON lines)",
        "Exports the agenda (CSV for Excel or JSON lines)",
    ),
    (
        "Exporta las citas (CSV RFC 4180 en UTF-8, o JSON lines con --format json)",
        "Exports the appointments (RFC 4180 CSV in UTF-8, or JSON lines with --format json)",
    ),
    (
        "Columnas: id, date, time, status, patient, dni, doctor, specialty, price, amount_paid,\npayment_method, created_at (UTC), end_time, document_type, currency, refunded, receipt_number,\ncancelled_by, cancel_reason, patient_id, doctor_id.\nMontos sin símbolo; con --delimiter ';' usan coma decimal (Excel en español).",
        "Columns: id, date, time, status, patient, dni, doctor, specialty, price, amount_paid,\npayment_method, created_at (UTC), end_time, document_type, currency, refunded, receipt_number,\ncancelled_by, cancel_reason, patient_id, doctor_id.\nAmounts have no symbol; with --delimiter ';' they use a decimal comma (Spanish-locale Excel).",
    ),
    ("(Excel en español)", "(Spanish-locale Excel)"),
    ("(JSON lines)", "(JSON lines)"),
    (
        "Desde este día (YYYY-MM-DD, incluido)",
        "From this day (YYYY-MM-DD, included)",
    ),
    (
        "Hasta este día (YYYY-MM-DD, incluido)",
        "To this day (YYYY-MM-DD, included)",
    ),
    (
        "Solo citas en este estado (booked, confirmed, checked_in, completed, no_show, cancelled)",
        "Only appointments in this status (booked, confirmed, checked_in, completed, no_show, cancelled)",
    ),
    (
        "Solo citas de este médico (id o prefijo)",
        "Only this doctor's appointments (id or prefix)",
    ),
    (
        "Escribir en este archivo (por defecto la salida estándar)",
        "Write to this file (by default standard output)",
    ),
    (
        "Sobrescribir el archivo de -o si existe",
        "Overwrite the -o file if it exists",
    ),
    (
        "Separador de campos: , ; | o tab (con ';' los montos llevan coma decimal)",
        "Field separator: , ; | or tab (with ';' amounts use a decimal comma)",
    ),
    (
        "Empezar con la marca BOM de UTF-8 (para Excel)",
        "Start with the UTF-8 byte-order mark (for Excel)",
    ),
    (
        "Lista de espera: pacientes que esperan una hora de una especialidad o de un médico",
        "Waiting list: patients waiting for a slot with a specialty or a doctor",
    ),
    (
        "Pone a un paciente en la lista de espera de una especialidad o de un médico",
        "Puts a patient on the waiting list of a specialty or a doctor",
    ),
    (
        "Lista de espera, el que más espera primero (por defecto las entradas abiertas)",
        "The waiting list, longest-waiting first (by default the open entries)",
    ),
    (
        "Ofrece una hora libre a un paciente en espera (la reserva para él mientras se le llama)",
        "Offers a free slot to a waiting patient (holds it for them while they are called)",
    ),
    (
        "Reserva la cita en un paso: la hora ofrecida, o la hora indicada (una que acaba de quedar libre)",
        "Books the appointment in one step: the offered slot, or the slot given (one just freed)",
    ),
    (
        "El paciente no aceptó la hora ofrecida: vuelve a esperar en su lugar y la hora queda libre",
        "The patient did not take the offered slot: they wait again in their place and the slot is free",
    ),
    (
        "Retira a un paciente de la lista de espera",
        "Takes a patient off the waiting list",
    ),
    (
        "Entrada: id o prefijo del id (6+ caracteres)",
        "Entry: id or id prefix (6+ characters)",
    ),
    (
        "Especialidad que espera (o --doctor)",
        "Specialty they wait for (or --doctor)",
    ),
    (
        "Médico que espera (su especialidad va implícita)",
        "Doctor they wait for (their specialty is implied)",
    ),
    (
        "Primer día que le sirve, AAAA-MM-DD",
        "First day that suits them, YYYY-MM-DD",
    ),
    (
        "Último día que le sirve, AAAA-MM-DD (después, la entrada vence)",
        "Last day that suits them, YYYY-MM-DD (after it, the entry expires)",
    ),
    (
        "Hora del día: mañana (antes de las 13:00), tarde (desde las 13:00) o HH:MM-HH:MM",
        "Time of day: mañana (morning, before 13:00), tarde (afternoon, from 13:00) or HH:MM-HH:MM",
    ),
    ("Nota para la recepción", "Note for the desk"),
    (
        "Solo las de este estado: waiting, offered, booked, expired, removed",
        "Only those in this state: waiting, offered, booked, expired, removed",
    ),
    (
        "Todas, también las cerradas (reservadas, vencidas, retiradas)",
        "All of them, closed ones too (booked, expired, removed)",
    ),
    ("Solo las de este paciente", "Only this patient's"),
    ("Solo las de esta especialidad", "Only this specialty's"),
    (
        "Médico de la hora (por defecto el que la entrada espera)",
        "Doctor of the slot (by default the one the entry waits for)",
    ),
    (
        "Médico de la hora (si no se le ofreció una; por defecto el que la entrada espera)",
        "Doctor of the slot (when none was offered; by default the one the entry waits for)",
    ),
    (
        "Hora de inicio \"AAAA-MM-DD HH:MM\" (si no se le ofreció una)",
        "Start time \"YYYY-MM-DD HH:MM\" (when none was offered)",
    ),
    (
        "quién espera, el que más espera primero",
        "who waits, longest-waiting first",
    ),
    ("reserva la hora ofrecida", "books the offered slot"),
    ("no la quiso: vuelve a esperar", "they said no: waits again"),
    // batch
    (
        "Muchos comandos en un solo proceso, para scripts: una línea JSON por comando en la entrada, una respuesta JSON por línea en la salida",
        "Many commands in one process, for scripts: one JSON line per command in, one JSON answer per line out",
    ),
    (
        "Cada línea de la entrada es un comando: un arreglo JSON con sus palabras (lo que iría después de `saludya`).\nCada respuesta es una línea JSON con el código de salida y lo que el comando imprimió: {\"exit\", \"stdout\", \"stderr\"}.\nLas banderas globales del batch (--db, --format, --lang, -q, --wide, --color) valen para las líneas que no den las suyas.\nInicie sesión antes: dentro del batch no se leen contraseñas ni datos de tarjeta.",
        "Each line of input is one command: a JSON array of its words (what would follow `saludya`).\nEach answer is one JSON line with the exit code and what the command printed: {\"exit\", \"stdout\", \"stderr\"}.\nThe batch's global flags (--db, --format, --lang, -q, --wide, --color) hold for the lines that do not give their own.\nLog in first: inside the batch no password or card data is read.",
    ),
    (
        "una respuesta por cada línea, en el mismo orden",
        "one answer for each line, in the same order",
    ),
    (
        "en bash: una línea, su respuesta, la siguiente",
        "in bash: a line, its answer, the next",
    ),
    // audit (issue 14 item 4)
    (
        "Registro de auditoría a prueba de alteraciones: ver los cambios y verificar la cadena (solo admin)",
        "Tamper-evident audit trail: see the changes and verify the chain (admin only)",
    ),
    (
        "los cambios de un paciente, sus citas y sus pagos",
        "a patient's changes, appointments and payments",
    ),
    (
        "recalcula la cadena; anote el hash de cabecera",
        "recomputes the chain; note the head hash",
    ),
    (
        "además, que ese hash anotado siga en la cadena",
        "also, that this noted hash is still in the chain",
    ),
    (
        "Muestra el registro de cambios (quién, cuándo, qué, antes → después)",
        "Shows the trail of changes (who, when, what, before → after)",
    ),
    (
        "todo el registro, del más antiguo al más nuevo",
        "the whole trail, oldest first",
    ),
    (
        "los cambios de una cita y de sus pagos",
        "the changes to an appointment and its payments",
    ),
    (
        "lo que hizo una cuenta y los cambios a ella",
        "what an account did and the changes to it",
    ),
    (
        "Solo este paciente (DNI, id o prefijo), sus citas y sus pagos",
        "Only this patient (DNI, id or prefix), their appointments and their payments",
    ),
    (
        "Solo esta cita (id o prefijo) y sus pagos",
        "Only this appointment (id or prefix) and its payments",
    ),
    (
        "Solo lo que hizo esta cuenta (e-mail) y los cambios a ella",
        "Only what this account (e-mail) did and the changes to it",
    ),
    (
        "Desde este día de la clínica (YYYY-MM-DD)",
        "From this clinic day (YYYY-MM-DD)",
    ),
    (
        "Hasta este día de la clínica, incluido (YYYY-MM-DD)",
        "Up to this clinic day, included (YYYY-MM-DD)",
    ),
    (
        "Recalcula la cadena de hashes y nombra la primera fila alterada (código 1)",
        "Recomputes the hash chain and names the first tampered row (exit 1)",
    ),
    (
        "el hash de cabecera anotado en otro lugar",
        "the head hash noted somewhere else",
    ),
    (
        "Quien reescriba toda la cadena desde una fila solo es descubierto con un hash de cabecera anotado fuera del programa.",
        "Whoever rewrites the whole chain from some row on is caught only against a head hash noted outside the program.",
    ),
    (
        "Hash de cabecera anotado antes: debe seguir en la cadena",
        "A head hash noted earlier: it must still be in the chain",
    ),
];
