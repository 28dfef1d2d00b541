# Textos del ciclo de reuniones de las instancias: asientos, resumen de respuestas, agenda, acta,
# votaciones, constancias, plan de trabajo, informe provincial y la Ley N° 31439.
# Se pueden editar sin tocar el código; lo que va entre { } lo completa el bot.

## Botones del panel

instancia-button-plan = 🗂️ Plan de trabajo
instancia-button-constancia = 📄 Constancia de asistencia
instancia-button-law = ⚖️ Lo que dice la ley
instancia-button-vote = 🗳️ Votación
instancia-button-report = 📊 Informe provincial
instancia-button-agenda = 🗒️ Agenda
instancia-button-digest = 📋 Quién viene
instancia-button-digest-later = 🔔 Resumen más tarde
instancia-button-back-meeting = 📅 Volver a la reunión

## Asientos

instancia-vacant-seats = 🪑 Asientos vacantes: { $seats }. Desde «Integrantes» puedes crear un código para cada uno.
instancia-seats-head = 🪑 Asientos de las instituciones:
instancia-seat-line = • { $institution }: { $holders ->
        [none] vacante
       *[other] { $holders }
    }
instancia-seat-code = 🔑 Código para el asiento de { $institution }
instancia-seat-code-made =
    🔑 Código para quien ocupe el asiento de { $institution }: { $code }
    Sirve una vez, durante { $days } días. Al unirse recibirá los acuerdos pendientes del asiento y las últimas actas.
instancia-seat-handover =
    🪑 El asiento de { $institution } tiene { $count ->
        [one] 1 acuerdo pendiente
       *[other] { $count } acuerdos pendientes
    }. Ahora están a tu cargo:

## Resumen de respuestas

instancia-digest =
    📋 Respuestas para la reunión del { $when }:
    ✅ Asistirán: { $yes }
    ❌ No podrán: { $no }
    ⏳ Aún no responden ({ $pending_count }): { $pending }
instancia-digest-when = ¿Cuándo quieres recibir el resumen de quién viene?
instancia-digest-hours = { $hours ->
        [24] 🔔 1 día antes
        [one] 🔔 1 hora antes
       *[other] 🔔 { $hours } horas antes
    }
instancia-digest-scheduled = Listo: te enviaré el resumen de respuestas el { $when }.

## Serie mensual

instancia-series-review =
    Revisa las fechas antes de guardar: { $count ->
        [one] 1 reunión
       *[other] { $count } reuniones
    }, { $rule }, a las { $time }, en { $place }.
    Toca una fecha para quitarla (por ejemplo, un feriado). Nadie recibe aviso hasta que guardes.
instancia-series-day = { $mark ->
        [yes] ✅
       *[no] ⬜
    } { $day }
instancia-series-save = 💾 Guardar { $count } y avisar
instancia-series-restart = ✏️ Empezar de nuevo
instancia-series-count = ({ $count } reuniones)

## Agenda

instancia-agenda-title = 🗒️ Agenda de la reunión del { $when }:
instancia-agenda-head = 🗒️ Agenda:
instancia-agenda-line = { $title } — { $institution ->
        [none] sin responsable
       *[other] { $institution }
    }{ $minutes ->
        [0] {""}
       *[other] , { $minutes } min
    }
instancia-agenda-empty = Todavía sin puntos. Tema general: { $agenda }
instancia-agenda-proposed = Propuestas por revisar:
instancia-agenda-deadline = Puedes proponer puntos hasta el { $until }.
instancia-agenda-add = ➕ Agregar un punto
instancia-agenda-propose = 💡 Proponer un punto
instancia-agenda-accept = ✅ Incluir «{ $title }»
instancia-agenda-drop = 🗑️ Quitar
instancia-agenda-ask-proposal = ¿Qué punto propones? Escríbelo en una frase.
instancia-agenda-ask-title = ¿Qué punto quieres agregar? Escríbelo en una frase.
instancia-agenda-ask-seat = ¿Qué institución lo presenta?
instancia-agenda-no-seat = Sin responsable
instancia-agenda-ask-minutes = ¿Cuántos minutos le damos? Escribe un número (por ejemplo 15).
instancia-agenda-bad-minutes = Escribe solo los minutos, un número entre 1 y 240.
instancia-agenda-saved = Listo: el punto está en la agenda.
instancia-agenda-closed = El plazo para proponer puntos a esta reunión ya cerró. Puedes comentarlo a la secretaría técnica.
instancia-agenda-proposal-saved = ¡Gracias! La secretaría técnica revisará tu propuesta. Se pueden proponer puntos hasta el { $until }.
instancia-agenda-proposal-news = 💡 { $institution } propone para la reunión del { $when }: «{ $title }». Revísalo en «Agenda» de esa reunión.

## Acta

instancia-acta-head = 📝 Acta de la reunión del { $when }
instancia-acta-agreements = Acuerdos: { $count }
instancia-acta-attendance-again = ✅ Corregir asistencia
instancia-acta-notes = 🗒️ Notas y cerrar el acta
instancia-acta-continue = ➡️ Seguir con el acta
instancia-acta-ask-notes = Escribe las notas de la reunión (lo más importante que se conversó), o elige «Sin notas».
instancia-acta-no-notes = Sin notas, cerrar el acta
instancia-acta-needs-attendance = Antes de cerrar el acta, registra la asistencia por asiento.
instancia-acta-caption = 📝 Acta de la reunión del { $when }
instancia-acta-sent = Listo: guardé el acta y la envié a { $members ->
        [0] nadie más (no hay otras personas integrantes)
        [one] 1 integrante
       *[other] { $members } integrantes
    }{ $group ->
        [yes] {" "}y al grupo
       *[no] {""}
    }.

## Votaciones

instancia-vote-ask-question = ¿Qué se vota? Escribe la pregunta (por ejemplo: «¿Hacemos la campaña en el mercado el 8 de marzo?»).
instancia-vote-ask-options = Escribe las opciones, una por línea o separadas por punto y coma (por ejemplo: Sí; No; Me abstengo).
instancia-vote-bad-options = Necesito entre 2 y 10 opciones, de hasta 100 caracteres cada una, separadas por punto y coma o una por línea.
instancia-vote-ask-closing = ¿Hasta cuándo se puede votar?
instancia-vote-closing = { $minutes ->
        [10] ⏱️ 10 minutos
        [60] ⏱️ 1 hora
        [1440] ⏱️ 1 día
       *[other] ⏱️ 3 días
    }
instancia-vote-open = 🗳️ Abrí la votación «{ $question }» { $where ->
        [group] en el grupo
       *[members] en el chat de cada integrante
    }, hasta el { $until }. Cada voto queda con el nombre de su institución. El resultado irá al acta.
instancia-vote-end = 🔒 Cerrar la votación ahora
instancia-vote-count = { $option }: { $count }
instancia-vote-result = 🗳️ Resultado de «{ $question }»: { $counts }. Votos por institución: { $seats }.

## Constancia de asistencia

instancia-constancia-which = ¿De qué año quieres la constancia de asistencia de tu institución?
instancia-constancia-year = 📄 { $year }
instancia-constancia-none = No hay reuniones con asistencia registrada para { $institution } en { $year }.
instancia-constancia-caption = 📄 Constancia de asistencia { $year }

## Plan de trabajo

instancia-plan-head = 🗂️ Plan de trabajo { $year }: { $count ->
        [0] todavía sin actividades.
        [one] 1 actividad.
       *[other] { $count } actividades.
    }
instancia-plan-line = { $title } — { $institution ->
        [none] sin responsable
       *[other] { $institution }
    }, trimestre { $quarter }. Indicador: { $indicator }. Avance: { $percent } %{ $note ->
        [none] {""}
       *[other] {" "}(«{ $note }»)
    }{ $agreements ->
        [0] {""}
       *[other] . Acuerdos: { $done } de { $agreements } cumplidos
    }
instancia-plan-new = ➕ Nueva actividad
instancia-plan-progress = 📈 Avance de la actividad { $n }
instancia-plan-ask-title = ¿Cuál es la actividad? Escríbela en una frase.
instancia-plan-ask-quarter = ¿En qué trimestre se realiza?
instancia-plan-quarter = T{ $quarter }
instancia-plan-ask-indicator = ¿Cuál es su indicador? Por ejemplo: «4 ferias informativas».
instancia-plan-saved = Listo: agregué la actividad al plan.
instancia-plan-ask-percent = ¿Cuánto avanzó? Escribe un porcentaje de 0 a 100.
instancia-plan-bad-percent = Escribe solo un número de 0 a 100.
instancia-plan-ask-note = Escribe una nota corta sobre el avance (qué se hizo). Si quieres, manda una foto como evidencia, con la nota como descripción.
instancia-plan-progress-saved = Listo: anoté el avance ({ $percent } %).
instancia-plan-progress-news = 📈 Avance en «{ $title }»: { $percent } %. { $note }

## El grupo de la instancia

instancia-group-hello =
    👋 Hola, soy Acompaña. Para que este grupo reciba los avisos de su instancia de concertación:
    1. La secretaría técnica abre /instancia en su chat privado conmigo y elige «Vincular un grupo».
    2. Escribe aquí: /vincular CÓDIGO
    Solo publicaré avisos de reuniones, actas y votaciones; no leo las conversaciones del grupo.
instancia-group-removed-news = 🔗 Me retiraron del grupo de Telegram de { $name }, así que lo desvinculé. Si fue un error, agrégame de nuevo y crea un código con «Vincular un grupo».

## La ley

instancia-law-31439 =
    ⚖️ Ley N° 31439 (aprobada el 6 de abril de 2022) modificó la Ley N° 30364, la Ley Orgánica de Municipalidades y la Ley Orgánica de Gobiernos Regionales: no cumplir la Ley N° 30364 en la constitución, instalación, convocatoria y conducción de las instancias regionales, provinciales o distritales de concertación, dentro del plazo legal, es causal de suspensión del cargo de alcalde o gobernador regional.
    Fuente: «Informe de Monitoreo y Vigilancia de los Servicios de Atención y Prevención de la Violencia de género en el distrito de Carabayllo», Red de Mujeres Organizadas de Carabayllo, con el apoyo de DEMUS y Alternativa. Para el texto oficial, busca la Ley N° 31439 en el diario oficial El Peruano.

## Informe provincial

instancia-report-which = ¿Qué periodo quieres en el informe?
instancia-report-quarter = 📊 Trimestre { $quarter } de { $year }
instancia-report-year = 📊 Todo { $year }
instancia-report-caption = 📊 Informe de las instancias distritales, { $period }
instancia-report-scheduled = También te lo enviaré al empezar cada trimestre, con el trimestre que terminó.
instancia-report-period = { $quarter ->
        [0] año { $year }
       *[other] trimestre { $quarter } de { $year }
    }
instancia-report-title = Informe de { $name }
instancia-report-districts = Instancias distritales ({ $count })
instancia-report-total = Total
instancia-report-line = { $name }: { $meetings ->
        [one] 1 reunión
       *[other] { $meetings } reuniones
    } · asistencia { $attendance ->
        [none] sin registrar
       *[other] { $attendance } %
    } · acuerdos con fecha en el periodo: { $due }, cumplidos: { $done }, vencidos: { $overdue } · plan { $plan ->
        [none] sin plan
       *[other] { $plan } %
    } · asientos vacantes: { $vacant }
instancia-report-seats = Asistencia por asiento (todas las instancias distritales)
instancia-report-seat-line = { $institution }: presente en { $present } de { $recorded } reuniones registradas
instancia-report-chart-meetings = Reuniones realizadas
instancia-report-chart-agreements = Acuerdos del periodo
instancia-report-chart-seats = Asistencia por asiento (%)
instancia-report-done = Cumplidos
instancia-report-pending = Pendientes
instancia-report-overdue = Vencidos
instancia-report-law-head = Lo que dice la ley

## PDF

pdf-footer = Acompaña · página { $page }
pdf-none = Ninguno.
pdf-acta-title = Acta de la reunión de { $name }
pdf-acta-subtitle = { $when } (hora de Lima) · { $place }
pdf-acta-agenda = Agenda
pdf-agenda-item = { $title } ({ $institution ->
        [none] sin responsable
       *[other] { $institution }
    }{ $minutes ->
        [0] {""}
       *[other] , { $minutes } min
    })
pdf-acta-attendance = Asistencia por asiento
pdf-attendance-line = { $status ->
        [present] Presentes
        [excused] Justificaron
       *[absent] Ausentes
    } ({ $count }): { $names }
pdf-acta-agreements = Acuerdos
pdf-agreement-line = { $text } — responsable: { $institution } — fecha límite: { $due }
pdf-acta-votes = Votaciones
pdf-acta-notes = Notas
pdf-constancia-title = Constancia de asistencia
pdf-constancia-body = Se deja constancia de que { $institution }, representada por { $holder }, asistió a { $present } de { $total } reuniones con asistencia registrada de { $name } en { $period }.
pdf-constancia-meetings = Reuniones
pdf-constancia-line = { $when }: { $status ->
        [present] presente
        [excused] justificó su inasistencia
       *[absent] ausente
    }
pdf-constancia-issued = Emitida por Acompaña el { $today }, a partir de las actas registradas por la secretaría técnica.
instancia-plan-link = 🔗 Parte de la actividad «{ $title }»
instancia-plan-linked = Listo: el acuerdo «{ $text }» cuenta para la actividad «{ $title }» del plan.
